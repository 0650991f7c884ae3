package dev.sessionfarm.stateserver;

import dev.sessionfarm.stateprotocol.ErrorCode;

/** A request the server will not carry out; becomes an ERROR answer with this code and message. */
final class RefusedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    RefusedException(ErrorCode code, String message)
    {
        super(message, null, false, false);
        this.code = code;
    }

    ErrorCode code()
    {
        return code;
    }
}
