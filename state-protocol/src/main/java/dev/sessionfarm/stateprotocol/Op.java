package dev.sessionfarm.stateprotocol;

/** Request op codes. Codes are never reused; a new op gets a new code and a protocol version bump. */
public enum Op
{
    AUTH(1, false),
    PING(2, true),
    LOAD(3, true),
    SAVE(4, false),
    TOUCH(5, true),
    DELETE(6, false),
    EXISTS(7, true),
    CHECK_EXPIRED(8, true),
    CLAIM_EXPIRED(9, false),
    CLEAN_ORPHANS(10, false),
    STATS(11, true);

    private static final Op[] BY_CODE = new Op[16];

    static
    {
        for (Op op : values())
        {
            BY_CODE[op.code] = op;
        }
    }

    private final int code;
    private final boolean idempotent;

    Op(int code, boolean idempotent)
    {
        this.code = code;
        this.idempotent = idempotent;
    }

    public int code()
    {
        return code;
    }

    /** Whether sending the request twice has the same effect as sending it once, so a client may retry it. */
    public boolean idempotent()
    {
        return idempotent;
    }

    /** The op for a wire code, or null if this version does not know it. */
    public static Op fromCode(int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
