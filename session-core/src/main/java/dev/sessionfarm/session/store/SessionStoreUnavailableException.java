package dev.sessionfarm.session.store;

import org.eclipse.jetty.http.HttpException;

/**
 * The session store cannot be reached or did not answer in time. Requests that meet it get the 503 page;
 * nothing was half-written (every save is atomic), and the node recovers by itself when the store returns.
 */
public class SessionStoreUnavailableException extends RuntimeException implements HttpException
{
    private static final long serialVersionUID = 1L;
    /** The reason Jetty shows on its default 503 page when the application maps no page of its own. */
    public static final String REASON = "The session store is unavailable; please retry in a moment.";

    public SessionStoreUnavailableException(String message, Throwable cause)
    {
        super(message, cause);
    }

    /** Jetty answers the request with this status instead of a 500. */
    @Override
    public int getCode()
    {
        return 503;
    }

    @Override
    public String getReason()
    {
        return REASON;
    }

    /** The first store outage in a cause chain, or null. */
    public static SessionStoreUnavailableException in(Throwable failure)
    {
        for (Throwable t = failure; t != null; t = t.getCause())
        {
            if (t instanceof SessionStoreUnavailableException outage)
                return outage;
            if (t.getCause() == t)
                break;
        }
        return null;
    }
}
