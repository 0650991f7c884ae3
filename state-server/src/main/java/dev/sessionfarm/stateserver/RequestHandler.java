package dev.sessionfarm.stateserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import dev.sessionfarm.stateprotocol.ErrorCode;
import dev.sessionfarm.stateprotocol.MalformedMessageException;
import dev.sessionfarm.stateprotocol.Op;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.WireReader;
import dev.sessionfarm.stateprotocol.WireWriter;

/**
 * Decodes one authenticated request, runs it against the store and encodes the answer. Malformed requests and
 * refusals become ERROR answers; the connection stays usable because the frame itself was intact.
 */
final class RequestHandler
{
    /** Bounds on the batch sizes a caller may ask for, so one request cannot scan or return without limit. */
    static final int MAX_BATCH = 100_000;

    private final SessionStore store;
    private final ServerMetrics metrics;
    private final Supplier<String> persistenceState;
    private final Supplier<Long> logBytes;
    /** 0 memory only, 1 on disk soon after the answer, 2 on disk before it: what a node may promise its users. */
    private final java.util.function.LongSupplier durability;
    /** Waits until a journal sequence number is durable, or throws a {@link RefusedException}. */
    private final LongConsumer awaitVisible;

    RequestHandler(SessionStore store, ServerMetrics metrics, Supplier<String> persistenceState,
                   Supplier<Long> logBytes, java.util.function.LongSupplier durability, LongConsumer awaitVisible)
    {
        this.store = store;
        this.metrics = metrics;
        this.persistenceState = persistenceState;
        this.logBytes = logBytes;
        this.durability = durability;
        this.awaitVisible = awaitVisible;
    }

    /** Handles one request, appending its answer to {@code out}. Returns true if it may have changed data. */
    boolean handle(int code, int requestId, WireReader in, WireWriter out)
    {
        return handle(code, requestId, in, out, Protocol.MAX_VERSION);
    }

    /** @param protocolVersion what the connection negotiated: protocol 1 peers never get a delta answer */
    boolean handle(int code, int requestId, WireReader in, WireWriter out, int protocolVersion)
    {
        Op op = Op.fromCode(code);
        int start = out.position();
        if (op == null || op == Op.AUTH)
        {
            metrics.protocolErrors.increment();
            error(out, requestId, op == null ? ErrorCode.UNKNOWN_OP : ErrorCode.BAD_REQUEST, op == null
                ? "unknown op code " + code + "; this server speaks protocol " + Protocol.MAX_VERSION
                : "already authenticated");
            return false;
        }
        metrics.countOperation(op);
        try
        {
            return dispatch(op, requestId, in, out, protocolVersion);
        }
        catch (MalformedMessageException e)
        {
            metrics.protocolErrors.increment();
            out.truncate(start);
            error(out, requestId, ErrorCode.BAD_REQUEST, op + ": " + e.getMessage());
            return false;
        }
        catch (RefusedException e)
        {
            metrics.refusals.increment();
            out.truncate(start);
            error(out, requestId, e.code(), e.getMessage());
            return false;
        }
    }

    private boolean dispatch(Op op, int requestId, WireReader in, WireWriter out, int protocolVersion)
    {
        switch (op)
        {
            case PING ->
            {
                in.expectEnd();
                out.endFrame(out.beginFrame(Protocol.STATUS_OK, requestId));
            }
            case LOAD -> load(requestId, in, out, protocolVersion);
            case SAVE ->
            {
                save(requestId, in, out);
                return true;
            }
            case TOUCH ->
            {
                String scope = in.string();
                byte[] id = in.stringBytes();
                boolean found = store.touch(scope, id, endOf(in, in.metadata()));
                out.endFrame(out.beginFrame(found ? Protocol.STATUS_OK : Protocol.STATUS_NOT_FOUND, requestId));
                return found;
            }
            case DELETE ->
            {
                String scope = in.string();
                byte[] id = in.stringBytes();
                long onlyIfExpiredAt = endOf(in, in.nonNegativeI64("onlyIfExpiredAt"));
                flag(out, requestId, store.delete(scope, id, onlyIfExpiredAt));
                return true;
            }
            case EXISTS ->
            {
                String scope = in.string();
                byte[] id = in.stringBytes();
                long now = endOf(in, in.i64());
                SessionStore.Lookup found = store.lookup(scope, id);
                awaitVisible.accept(found.journalSeq());
                flag(out, requestId, found.session() != null && !found.session().expiredAt(now));
            }
            case CHECK_EXPIRED ->
            {
                String scope = in.string();
                long now = in.i64();
                int count = in.count("id", 2);
                List<byte[]> candidates = new ArrayList<>(Math.min(count, 1024));
                for (int i = 0; i < count; i++)
                {
                    candidates.add(in.stringBytes());
                }
                in.expectEnd();
                ids(out, requestId, store.checkExpired(scope, candidates, now));
            }
            case CLAIM_EXPIRED ->
            {
                String scope = in.string();
                long before = in.i64();
                int limit = batchLimit(in.i32());
                String claimant = in.string();
                long claimTtlMs = in.nonNegativeI64("claimTtlMs");
                long now = endOf(in, in.i64());
                ids(out, requestId, store.claimExpired(scope, before, limit, claimant, claimTtlMs, now));
                return true;
            }
            case CLEAN_ORPHANS ->
            {
                long before = in.i64();
                int limit = batchLimit(endOf(in, in.i32()));
                int removed = store.cleanOrphans(before, limit);
                int start = out.beginFrame(Protocol.STATUS_OK, requestId);
                out.i32(removed);
                out.endFrame(start);
                return removed > 0;
            }
            case STATS ->
            {
                in.expectEnd();
                stats(requestId, out);
            }
            default -> throw new IllegalStateException("op " + op + " has no handler");
        }
        return false;
    }

    /**
     * A delta names every attribute, so a caller sees removals without the server keeping tombstones: whatever it
     * holds and the answer does not name was removed. Values travel only for attributes written after its version.
     */
    private void load(int requestId, WireReader in, WireWriter out, int protocolVersion)
    {
        String scope = in.string();
        byte[] id = in.stringBytes();
        long knownVersion = endOf(in, in.i64());
        SessionStore.Lookup found = store.lookup(scope, id);
        awaitVisible.accept(found.journalSeq());
        SessionEntry session = found.session();
        if (session == null)
        {
            out.endFrame(out.beginFrame(Protocol.STATUS_NOT_FOUND, requestId));
            return;
        }
        boolean unchanged = session.version == knownVersion;
        boolean delta = !unchanged && protocolVersion >= Protocol.DELTA_VERSION && knownVersion > 0
            && knownVersion < session.version;
        int start = out.beginFrame(unchanged ? Protocol.STATUS_UNCHANGED
            : delta ? Protocol.STATUS_DELTA : Protocol.STATUS_OK, requestId);
        out.metadata(session.metadata());
        out.i64(session.version);
        if (!unchanged)
        {
            int countAt = out.position();
            out.i32(0);
            int count = 0;
            byte[] attributes = session.attributes;
            PackedAttributes.Cursor cursor = new PackedAttributes.Cursor(attributes);
            while (cursor.next())
            {
                out.stringBytes(attributes, cursor.nameOffset, cursor.nameLength).i64(cursor.writtenVersion);
                if (!delta || cursor.writtenVersion > knownVersion)
                {
                    out.bytes(attributes, cursor.valueOffset, cursor.valueLength);
                }
                count++;
            }
            out.putI32At(countAt, count);
        }
        out.endFrame(start);
    }

    private void save(int requestId, WireReader in, WireWriter out)
    {
        SaveFrame save = SaveFrame.parse(in);
        byte[] id = java.util.Arrays.copyOfRange(save.buffer, save.idOffset, save.idOffset + save.idLength);
        SessionStore.SaveOutcome outcome = store.save(save, id);
        if (!outcome.found())
        {
            out.endFrame(out.beginFrame(Protocol.STATUS_NOT_FOUND, requestId));
            return;
        }
        int start = out.beginFrame(Protocol.STATUS_OK, requestId);
        out.i64(outcome.newVersion()).i32(outcome.conflicts());
        out.endFrame(start);
    }

    /** What STATS reports, and /metrics: the counters plus how durable an acknowledged save is (0, 1, 2). */
    Map<String, Long> statsValues()
    {
        Map<String, Long> values = new java.util.LinkedHashMap<>(metrics.snapshot(store, logBytes.get()));
        values.put("persistence.durability", durability.getAsLong());
        return values;
    }

    private void stats(int requestId, WireWriter out)
    {
        Map<String, Long> values = statsValues();
        int start = out.beginFrame(Protocol.STATUS_OK, requestId);
        out.u16(values.size());
        values.forEach((name, value) -> out.string(name).i64(value));
        out.string(persistenceState.get());
        out.endFrame(start);
    }

    static void error(WireWriter out, int requestId, ErrorCode code, String message)
    {
        int start = out.beginFrame(Protocol.STATUS_ERROR, requestId);
        out.error(code, message);
        out.endFrame(start);
    }

    private static void flag(WireWriter out, int requestId, boolean value)
    {
        int start = out.beginFrame(Protocol.STATUS_OK, requestId);
        out.bool(value);
        out.endFrame(start);
    }

    private static void ids(WireWriter out, int requestId, List<byte[]> ids)
    {
        int start = out.beginFrame(Protocol.STATUS_OK, requestId);
        out.i32(ids.size());
        for (byte[] id : ids)
        {
            out.stringBytes(id, 0, id.length);
        }
        out.endFrame(start);
    }

    private static int batchLimit(int limit)
    {
        if (limit < 1 || limit > MAX_BATCH)
        {
            throw new MalformedMessageException("limit must be 1.." + MAX_BATCH + ", was " + limit);
        }
        return limit;
    }

    /** Returns {@code value} after checking that it was the request's last field. */
    private static <T> T endOf(WireReader in, T value)
    {
        in.expectEnd();
        return value;
    }

    private static long endOf(WireReader in, long value)
    {
        in.expectEnd();
        return value;
    }

    private static int endOf(WireReader in, int value)
    {
        in.expectEnd();
        return value;
    }

}
