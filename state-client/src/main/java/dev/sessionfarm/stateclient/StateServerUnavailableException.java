package dev.sessionfarm.stateclient;

/**
 * The state server could not be reached, did not answer within the network timeout, or the connection broke
 * while a call was in flight. Transient by nature: the caller may answer "store unavailable" and try again later.
 * When a save or delete fails this way it may or may not have been applied; the message says so.
 */
public class StateServerUnavailableException extends StateServerException
{
    private static final long serialVersionUID = 1L;

    public StateServerUnavailableException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
