package dev.sessionfarm.stateprotocol;

/** Wire layout of the structures several ops share. */
public final class SessionCodec
{
    /** Six i64 times plus the u16 length of an empty lastNode. */
    public static final int MIN_METADATA_BYTES = 6 * 8 + 2;

    /** created, accessed, lastAccessed, cookieSet, maxInactiveMs, expiry (i64 each), lastNode (string). */
    public static void writeMetadata(WireWriter out, SessionMetadata m)
    {
        out.i64(m.created()).i64(m.accessed()).i64(m.lastAccessed()).i64(m.cookieSet()).i64(m.maxInactiveMs())
            .i64(m.expiry()).string(m.lastNode());
    }

    public static SessionMetadata readMetadata(WireReader in)
    {
        long created = in.i64();
        long accessed = in.i64();
        long lastAccessed = in.i64();
        long cookieSet = in.i64();
        long maxInactiveMs = in.i64();
        long expiry = in.nonNegativeI64("expiry");
        String lastNode = in.string();
        return new SessionMetadata(created, accessed, lastAccessed, cookieSet, maxInactiveMs, expiry, lastNode);
    }

    /** An ERROR response's payload: u16 code, string message. */
    public static void writeError(WireWriter out, ErrorCode code, String message)
    {
        out.u16(code.code());
        String bounded = message.length() > 2000 ? message.substring(0, 2000) : message;
        out.string(bounded);
    }

    private SessionCodec()
    {
    }
}
