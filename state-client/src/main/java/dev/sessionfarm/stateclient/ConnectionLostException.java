package dev.sessionfarm.stateclient;

/**
 * A call did not get its answer because its connection broke or timed out. Internal: the client decides from
 * {@link #requestMaySurvive} whether a retry on a fresh connection is safe, then reports a
 * {@link StateServerUnavailableException}.
 */
final class ConnectionLostException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final boolean requestMaySurvive;
    private final boolean timedOut;

    ConnectionLostException(String message, Throwable cause, boolean requestMaySurvive, boolean timedOut)
    {
        super(message, cause);
        this.requestMaySurvive = requestMaySurvive;
        this.timedOut = timedOut;
    }

    /** False only when the request provably never left this process, so any op may be retried. */
    boolean requestMaySurvive()
    {
        return requestMaySurvive;
    }

    boolean timedOut()
    {
        return timedOut;
    }
}
