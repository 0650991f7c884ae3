package dev.sessionfarm.session.ee10;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.sessionfarm.session.store.SessionStoreUnavailableException;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.UnreadableSessionDataException;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's servlet session handler with two changes for sessions kept in a store:
 * <ul>
 * <li>A store outage while looking up the requested session fails the request with 503 instead of being taken for
 * "no such session". Jetty's own handler would hand out a fresh session and a new cookie, and the person's real
 * session would be orphaned the moment the store came back.</li>
 * <li>A session found expired is ended through {@link FarmSessionCache#delete}, so its end listeners run on
 * exactly one node even when several nodes meet it at once.</li>
 * </ul>
 * The 503 goes through the context's error handler with only the public reason: the outage's own message names
 * hosts and ports, which belong in the log, not in front of the person filling the form.
 */
public class FarmSessionHandler extends SessionHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(FarmSessionHandler.class);
    private static final long OUTAGE_LOG_INTERVAL_MS = TimeUnit.SECONDS.toMillis(10);

    private final AtomicLong lastOutageLog = new AtomicLong();
    private final AtomicLong outagesSinceLog = new AtomicLong();

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception
    {
        try
        {
            return super.handle(request, response, callback);
        }
        catch (SessionStoreUnavailableException outage)
        {
            if (response.isCommitted())
                throw outage;
            Response.writeError(request, response, callback, outage.getCode(), outage.getReason());
            return true;
        }
    }

    @Override
    public ManagedSession getManagedSession(String extendedId)
    {
        String id = getSessionIdManager().getId(extendedId);
        ManagedSession session;
        try
        {
            session = getSessionCache().get(id);
        }
        catch (UnreadableSessionDataException e)
        {
            // Already logged with the id by the store; the request goes on without a session.
            return null;
        }
        catch (Exception e)
        {
            SessionStoreUnavailableException outage = SessionStoreUnavailableException.in(e);
            if (outage != null)
                throw reportOutage(outage);
            LOG.warn("Cannot load session {}", id, e);
            return null;
        }
        if (session == null)
            return null;
        if (session.isExpiredAt(System.currentTimeMillis()))
        {
            try
            {
                invalidate(id);
            }
            catch (Exception e)
            {
                LOG.debug("Ending expired session {} on request failed", id, e);
            }
            return null;
        }
        session.setExtendedId(getSessionIdManager().getExtendedId(id, null));
        if (!session.getExtendedId().equals(extendedId))
            session.onIdChanged();
        return session;
    }

    /** Logs an outage at most once every ten seconds with the number of requests it failed meanwhile. */
    SessionStoreUnavailableException reportOutage(SessionStoreUnavailableException outage)
    {
        long failed = outagesSinceLog.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = lastOutageLog.get();
        if (now - last >= OUTAGE_LOG_INTERVAL_MS && lastOutageLog.compareAndSet(last, now))
        {
            outagesSinceLog.addAndGet(-failed);
            LOG.warn("{} request(s) answered 503: {}", failed, outage.getMessage());
        }
        return outage;
    }
}
