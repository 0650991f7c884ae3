package dev.sessionfarm.stateclient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.model.SaveResult;
import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.stateprotocol.ErrorCode;
import dev.sessionfarm.stateprotocol.Op;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.ServerStats;
import dev.sessionfarm.stateprotocol.WireReader;
import dev.sessionfarm.stateprotocol.WireWriter;

/** Encodes the client's requests and decodes the server's answers; the layouts are in the protocol document. */
final class RequestCodec
{
    private static final int ENCODER_KEEP_BYTES = 64 * 1024;
    private static final ThreadLocal<WireWriter> ENCODER = ThreadLocal.withInitial(() -> new WireWriter(4096));

    private RequestCodec()
    {
    }

    /** A frame with a placeholder request id, filled in by the connection that sends it. */
    interface Body
    {
        void write(WireWriter out);
    }

    static byte[] frame(Op op, Body body)
    {
        WireWriter out = ENCODER.get().reset();
        int start = out.beginFrame(op.code(), 0);
        body.write(out);
        out.endFrame(start);
        byte[] frame = out.toByteArray();
        out.shrinkTo(ENCODER_KEEP_BYTES);
        return frame;
    }

    static byte[] load(String scope, String id, long knownVersion)
    {
        return frame(Op.LOAD, out -> out.string(scope).string(id).i64(knownVersion));
    }

    static byte[] save(SaveRequest request)
    {
        return frame(Op.SAVE, out ->
        {
            out.string(request.scope()).string(request.id()).bool(request.replace()).i64(request.baseVersion());
            out.metadata(request.metadata());
            out.i32(request.set().size());
            for (Map.Entry<String, byte[]> attribute : request.set().entrySet())
            {
                out.string(attribute.getKey()).bytes(attribute.getValue());
            }
            out.i32(request.removed().size());
            for (String name : request.removed())
            {
                out.string(name);
            }
        });
    }

    static byte[] touch(String scope, String id, SessionMetadata metadata)
    {
        return frame(Op.TOUCH, out ->
        {
            out.string(scope).string(id);
            out.metadata(metadata);
        });
    }

    static byte[] delete(String scope, String id, long onlyIfExpiredAt)
    {
        return frame(Op.DELETE, out -> out.string(scope).string(id).i64(onlyIfExpiredAt));
    }

    static byte[] exists(String scope, String id, long now)
    {
        return frame(Op.EXISTS, out -> out.string(scope).string(id).i64(now));
    }

    static byte[] checkExpired(String scope, Collection<String> ids, long now)
    {
        return frame(Op.CHECK_EXPIRED, out ->
        {
            out.string(scope).i64(now).i32(ids.size());
            for (String id : ids)
            {
                out.string(id);
            }
        });
    }

    static byte[] claimExpired(String scope, long before, int limit, String claimant, long claimTtlMs, long now)
    {
        return frame(Op.CLAIM_EXPIRED,
            out -> out.string(scope).i64(before).i32(limit).string(claimant).i64(claimTtlMs).i64(now));
    }

    static byte[] cleanOrphans(long before, int limit)
    {
        return frame(Op.CLEAN_ORPHANS, out -> out.i64(before).i32(limit));
    }

    static byte[] empty(Op op)
    {
        return frame(op, out ->
        {
        });
    }

    static LoadResult decodeLoad(int status, WireReader in, long knownVersion)
    {
        if (status == Protocol.STATUS_NOT_FOUND)
        {
            return LoadResult.notFound();
        }
        SessionMetadata metadata = in.metadata();
        long version = in.i64();
        if (status == Protocol.STATUS_UNCHANGED)
        {
            return LoadResult.unchanged(metadata, version);
        }
        if (status == Protocol.STATUS_DELTA)
        {
            return decodeDelta(in, metadata, version, knownVersion);
        }
        expectOk(status);
        int count = in.count("attribute", 2 + 8 + 4);
        List<StoredAttribute> attributes = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            String name = in.string();
            long writtenVersion = in.i64();
            attributes.add(new StoredAttribute(name, writtenVersion, in.bytes()));
        }
        return LoadResult.found(metadata, version, attributes);
    }

    /** Each attribute's name and written version; a value follows only if written after the known version. */
    private static LoadResult decodeDelta(WireReader in, SessionMetadata metadata, long version, long knownVersion)
    {
        int count = in.count("attribute", 2 + 8);
        List<StoredAttribute> written = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            String name = in.string();
            long writtenVersion = in.i64();
            if (writtenVersion > knownVersion)
            {
                written.add(new StoredAttribute(name, writtenVersion, in.bytes()));
            }
            else
            {
                kept.add(name);
            }
        }
        return LoadResult.delta(metadata, version, written, kept);
    }

    static SaveResult decodeSave(int status, WireReader in)
    {
        if (status == Protocol.STATUS_NOT_FOUND)
        {
            return SaveResult.notFound();
        }
        expectOk(status);
        long newVersion = in.i64();
        int conflicts = in.i32();
        return new SaveResult(SaveResult.Status.SAVED, newVersion, conflicts);
    }

    static List<String> decodeIds(int status, WireReader in)
    {
        expectOk(status);
        int count = in.count("id", 2);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            ids.add(in.string());
        }
        return ids;
    }

    static ServerStats decodeStats(int status, WireReader in)
    {
        expectOk(status);
        int count = in.u16();
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = 0; i < count; i++)
        {
            counters.put(in.string(), in.i64());
        }
        return new ServerStats(counters, in.string());
    }

    static StateServerRefusedException refusal(ClientSettings settings, Op op, WireReader in)
    {
        ErrorCode code = ErrorCode.fromCode(in.u16());
        String message = in.string();
        return new StateServerRefusedException(code, "state server at " + settings.address() + " refused "
            + op + " (" + code + "): " + message);
    }

    static void expectOk(int status)
    {
        if (status != Protocol.STATUS_OK)
        {
            throw new IllegalStateException("unexpected response status " + status);
        }
    }
}
