package dev.sessionfarm.stateclient;

import dev.sessionfarm.stateprotocol.ErrorCode;

/**
 * The state server (or, for a failed mutual authentication, this client) refused a request: memory bound
 * reached, session too large, authentication failed, incompatible protocol version, malformed request. Retrying
 * the same request will not help until the cause the message names is fixed.
 */
public class StateServerRefusedException extends StateServerException
{
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public StateServerRefusedException(ErrorCode code, String message)
    {
        super(message, null);
        this.code = code;
    }

    public ErrorCode code()
    {
        return code;
    }
}
