package dev.sessionfarm.stateprotocol;

/** Error codes carried by an ERROR response. Unknown codes from a newer server map to {@link #UNKNOWN}. */
public enum ErrorCode
{
    UNKNOWN(0),
    /** The length field of a frame is out of range; the server closes the connection. */
    BAD_FRAME(1),
    FRAME_TOO_LARGE(2),
    /** The op code is not known to this server; the connection stays usable. */
    UNKNOWN_OP(3),
    /** The payload does not match the op's layout or breaks a rule; the connection stays usable. */
    BAD_REQUEST(4),
    AUTH_REQUIRED(5),
    AUTH_FAILED(6),
    VERSION_UNSUPPORTED(7),
    MEMORY_FULL(8),
    SESSION_TOO_LARGE(9),
    LIMIT_REACHED(10),
    PERSISTENCE_FAILED(11),
    SHUTTING_DOWN(12),
    INTERNAL(13);

    private final int code;

    ErrorCode(int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }

    /** The server closes the connection right after sending these: the stream can no longer be trusted. */
    public boolean closesConnection()
    {
        return this == BAD_FRAME || this == FRAME_TOO_LARGE || this == AUTH_REQUIRED || this == AUTH_FAILED
            || this == INTERNAL;
    }

    public static ErrorCode fromCode(int code)
    {
        for (ErrorCode value : values())
        {
            if (value.code == code)
            {
                return value;
            }
        }
        return UNKNOWN;
    }
}
