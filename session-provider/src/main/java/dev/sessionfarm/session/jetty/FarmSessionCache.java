package dev.sessionfarm.session.jetty;

import dev.sessionfarm.session.store.DeltaSessionDataStore;
import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionManager;
import org.eclipse.jetty.session.UnreadableSessionDataException;

/**
 * No cache at all ({@link NullSessionCache}): every request reads the session from the store, so every node sees
 * the latest save. It adds one rule: an expired session is ended (its {@code sessionDestroyed} listeners run) only
 * on the node whose conditional delete removed it from the store — exactly one node in the farm.
 * {@link NullSessionCache} alone never runs those listeners for sessions that expire.
 */
public class FarmSessionCache extends NullSessionCache
{
    public FarmSessionCache(SessionManager manager)
    {
        super(manager);
        setFlushOnResponseCommit(true);
    }

    /**
     * Jetty calls this for an explicit invalidation (after the invalidating request already ran the listeners) and
     * for expiry (where whoever this returns a session to runs them). So: an expired session is returned only if
     * this node's delete won; anything else is deleted and null returned.
     */
    @Override
    public ManagedSession delete(String id) throws Exception
    {
        SessionDataStore store = getSessionDataStore();
        long now = System.currentTimeMillis();
        ManagedSession session;
        try
        {
            session = getAndEnter(id, false);
        }
        catch (UnreadableSessionDataException e)
        {
            // Nobody can end it properly; once it has expired it is simply removed.
            if (store instanceof DeltaSessionDataStore delta)
                delta.deleteIfExpired(id, now);
            return null;
        }
        if (session != null && session.isExpiredAt(now))
        {
            boolean won = store instanceof DeltaSessionDataStore delta ? delta.deleteIfExpired(id, now) : store.delete(id);
            if (won)
                session.setResident(false);
            return won ? session : null;
        }
        store.delete(id);
        return null;
    }
}
