package dev.sessionfarm.stateserver;

import java.util.zip.CRC32C;

import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.stateprotocol.WireReader;
import dev.sessionfarm.stateprotocol.WireWriter;

/**
 * Layout of the records in log and snapshot files (format 2): {@code u32 SYNC, u32 bodyLength,
 * u32 crc32c(bodyLength bytes + body), body}. The sync marker lets a reader that met a damaged record find the
 * next record start; the checksum covers the length, so a damaged length is caught before it is trusted. Each
 * body states a session's resulting state, never a request to re-run, so replaying a record twice is harmless;
 * that is what lets a snapshot be written while the log keeps growing.
 */
final class LogRecords
{
    static final int HEADER_BYTES = 12;
    /** Starts every record; 0xFE never occurs in UTF-8 text, so session text rarely looks like a record start. */
    static final int SYNC = 0xFE5A17C3;

    static final int PUT = 1;
    static final int METADATA = 2;
    static final int REMOVE = 3;
    static final int SNAPSHOT_END = 0x7F;

    private LogRecords()
    {
    }

    /** PUT: scope, id, metadata, version i64, attributes (u32 + packed bytes). */
    static void put(WireWriter out, String scope, SessionEntry session)
    {
        int start = begin(out, PUT, scope, session.id);
        writeMetadata(out, session);
        out.i64(session.version).bytes(session.attributes);
        end(out, start);
    }

    /** METADATA: scope, id, metadata. */
    static void metadata(WireWriter out, String scope, SessionEntry session)
    {
        int start = begin(out, METADATA, scope, session.id);
        writeMetadata(out, session);
        end(out, start);
    }

    /** REMOVE: scope, id. */
    static void remove(WireWriter out, String scope, byte[] id)
    {
        int start = begin(out, REMOVE, scope, id);
        end(out, start);
    }

    /** SNAPSHOT_END: the number of sessions in the snapshot; a snapshot without it is incomplete. */
    static void snapshotEnd(WireWriter out, long sessions)
    {
        int start = out.position();
        out.i32(SYNC).i64(0).u8(SNAPSHOT_END).i64(sessions);
        end(out, start);
    }

    /** The checksum of a record: over its length field, then its body. */
    static int crc(int bodyLength, byte[] body, int offset, int length)
    {
        CRC32C crc = new CRC32C();
        crc.update(bodyLength >>> 24);
        crc.update(bodyLength >>> 16);
        crc.update(bodyLength >>> 8);
        crc.update(bodyLength);
        crc.update(body, offset, length);
        return (int)crc.getValue();
    }

    /** The checksum of a format 1 record (SFL1/SFS1 files): over its body only. */
    static int legacyCrc(byte[] body, int offset, int length)
    {
        CRC32C crc = new CRC32C();
        crc.update(body, offset, length);
        return (int)crc.getValue();
    }

    /** Applies one record body to the store; returns its type. Throws on a malformed body. */
    static int apply(byte[] body, SessionStore store)
    {
        WireReader in = new WireReader(body, 0, body.length);
        int type = in.u8();
        if (type == SNAPSHOT_END)
        {
            in.i64();
            in.expectEnd();
            return type;
        }
        String scope = in.string();
        byte[] id = in.stringBytes();
        switch (type)
        {
            case PUT ->
            {
                SessionMetadata metadata = in.metadata();
                long version = in.nonNegativeI64("version");
                byte[] attributes = in.bytes();
                in.expectEnd();
                if (!PackedAttributes.isWellFormed(attributes))
                {
                    throw new IllegalStateException("attributes of a stored session are malformed");
                }
                store.restore(scope, id, metadata, version, attributes);
            }
            case METADATA ->
            {
                SessionMetadata metadata = in.metadata();
                in.expectEnd();
                store.restoreMetadata(scope, id, metadata);
            }
            case REMOVE ->
            {
                in.expectEnd();
                store.restoreRemoval(scope, id);
            }
            default -> throw new IllegalStateException("unknown record type " + type);
        }
        return type;
    }

    private static int begin(WireWriter out, int type, String scope, byte[] id)
    {
        int start = out.position();
        out.i32(SYNC).i64(0).u8(type).string(scope).stringBytes(id, 0, id.length);
        return start;
    }

    /** Fills in length and checksum of the record begun at {@code start}. */
    private static void end(WireWriter out, int start)
    {
        int bodyStart = start + HEADER_BYTES;
        int length = out.position() - bodyStart;
        out.putI32At(start + 4, length);
        out.putI32At(start + 8, crc(length, out.array(), bodyStart, length));
    }

    private static void writeMetadata(WireWriter out, SessionEntry session)
    {
        out.i64(session.created).i64(session.accessed).i64(session.lastAccessed).i64(session.cookieSet)
            .i64(session.maxInactiveMs).i64(session.expiry).string(session.lastNode);
    }
}
