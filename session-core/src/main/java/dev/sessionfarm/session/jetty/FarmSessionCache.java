package dev.sessionfarm.session.jetty;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.sessionfarm.session.store.DeltaSessionDataStore;
import dev.sessionfarm.session.store.TrackedSessionData;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.session.AbstractSessionCache;
import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionManager;
import org.eclipse.jetty.session.UnreadableSessionDataException;
import org.eclipse.jetty.util.thread.AutoLock;

/**
 * One session object per id on this node, shared by the requests in flight and kept between them, as in Jetty's
 * {@code DefaultSessionCache}: requests of one session synchronize on one object, dispatches into another context
 * find the session the outer request created, and values are the very objects the application stored. Unlike
 * that cache it never trusts its copy: every lookup validates the object against the store in one round trip
 * ({@link DeltaSessionDataStore#refresh}), so another node's change, removal or invalidation is seen at once.
 * <p>
 * An object leaves when it has been idle for {@link #EVICT_IDLE_SEC}, when the node cache lets the session go,
 * or when a save of its changes failed (it then holds changes the store does not have). An expired session is
 * ended (its {@code sessionDestroyed} listeners run) only on the node whose conditional delete removed it from the
 * store: exactly one node in the farm.
 */
public class FarmSessionCache extends AbstractSessionCache
{
    /** Idle time after which a session object is dropped; the next request rebuilds it from the node cache. */
    static final int EVICT_IDLE_SEC = 60;

    private final ConcurrentMap<String, ManagedSession> sessions = new ConcurrentHashMap<>();

    public FarmSessionCache(SessionManager manager)
    {
        super(manager);
        setFlushOnResponseCommit(true);
        setEvictionPolicy(EVICT_IDLE_SEC);
    }

    /** Jetty's session object, with the request count a cache outside Jetty's package has to raise. */
    public static final class FarmSession extends ManagedSession
    {
        FarmSession(SessionManager manager, SessionData data)
        {
            super(manager, data);
        }

        void enter()
        {
            use();
        }

        void checkWritable()
        {
            checkValidForWrite();
        }

        /** The cookie value the person had before a rename whose new id no store has yet; null otherwise. */
        public String renamedFrom()
        {
            return renamedFrom;
        }

        private volatile String renamedFrom;
    }

    /**
     * Jetty deletes the old id from the store before it stores the new one. With partitions the two ids can live in
     * different stores, and when the new one's is down that order loses the session. Here the new id is stored
     * first and the old one deleted only after. If the store refuses, the old id stays in the store, whole; Jetty
     * gives the object the new id anyway, so the request's own save fails too, and its 503 answer sends the person
     * back to the old id ({@link SessionFlushFilter}).
     */
    @Override
    protected void renewSessionId(ManagedSession session, String newId, String newExtendedId) throws Exception
    {
        try (AutoLock ignored = session.lock())
        {
            String oldId = session.getId();
            String oldExtendedId = session.getExtendedId();
            if (session instanceof FarmSession farm)
                farm.checkWritable();
            SessionData data = session.getSessionData();
            data.setId(newId);
            data.setLastSaved(0);
            data.setDirty(true);
            try
            {
                if (_sessionDataStore != null)
                    _sessionDataStore.store(newId, data);
            }
            catch (Exception | Error e)
            {
                if (session instanceof FarmSession farm)
                    farm.renamedFrom = oldExtendedId;
                throw e;
            }
            session.setExtendedId(newExtendedId);
            session.onIdChanged();
            doPutIfAbsent(newId, session);
            doDelete(oldId);
            if (_sessionDataStore != null)
                _sessionDataStore.delete(oldId);
        }
    }

    @Override
    public ManagedSession newSession(SessionData data)
    {
        return new FarmSession(getSessionManager(), data);
    }

    @Override
    protected ManagedSession getAndEnter(String id, boolean enter) throws Exception
    {
        while (true)
        {
            AtomicReference<Exception> failure = new AtomicReference<>();
            boolean[] loaded = {false};
            ManagedSession session = doComputeIfAbsent(id, k ->
            {
                try
                {
                    loaded[0] = true;
                    return load(k);
                }
                catch (Exception e)
                {
                    failure.set(e);
                    return null;
                }
            });
            if (failure.get() != null)
                throw failure.get();
            if (session == null)
                return null;
            try (AutoLock lock = session.lock())
            {
                if (session.isResident() && (loaded[0] || !session.isValid() || isCurrent(session)))
                {
                    if (enter)
                        ((FarmSession)session).enter();
                    return session;
                }
                drop(session);
                // Also under the id it was found by, which a rename of the object may have changed meanwhile.
                sessions.remove(id, session);
            }
        }
    }

    private ManagedSession load(String id) throws Exception
    {
        SessionData data = getSessionDataStore().load(id);
        if (data == null)
            return null;
        data.setLastNode(_context.getWorkerName());
        ManagedSession session = newSession(data);
        session.setResident(true);
        return session;
    }

    /** One round trip to the store; what another node changed is applied, an outage propagates. */
    private boolean isCurrent(ManagedSession session) throws Exception
    {
        SessionData data = session.getSessionData();
        if (data instanceof TrackedSessionData tracked && tracked.isDiscarded())
            return false;
        if (data.getLastSaved() <= 0)
            return true; // created by a request still in flight here: no other node knows it yet
        if (getSessionDataStore() instanceof DeltaSessionDataStore delta && data instanceof TrackedSessionData tracked)
        {
            try
            {
                return delta.refresh(tracked);
            }
            catch (UnreadableSessionDataException e)
            {
                drop(session);
                throw e;
            }
        }
        // A store that cannot validate: share the object only among requests in flight.
        return session.getRequests() > 0;
    }

    /** Takes the object out of this cache; requests still holding it finish with it. */
    private void drop(ManagedSession session)
    {
        sessions.remove(session.getId(), session);
        session.setResident(false);
    }

    /**
     * A save of this request's changes failed: the object holds changes the store does not have, so the next
     * request must not be given it.
     */
    public void discard(ManagedSession session)
    {
        if (session.getSessionData() instanceof TrackedSessionData tracked)
            tracked.discard();
        sessions.remove(session.getId(), session);
    }

    @Override
    public void release(ManagedSession session) throws Exception
    {
        try
        {
            super.release(session);
        }
        catch (Exception e)
        {
            discard(session);
            throw e;
        }
    }

    @Override
    public Set<String> checkExpiration(Set<String> candidates)
    {
        Set<String> expired = super.checkExpiration(candidates);
        // Expired here but kept alive by another node: the store is right, and this idle copy need not stay.
        for (String id : candidates)
        {
            ManagedSession session = expired.contains(id) ? null : doGet(id);
            if (session == null)
                continue;
            try (AutoLock lock = session.lock())
            {
                if (session.getRequests() <= 0)
                    drop(session);
            }
        }
        return expired;
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
            sessions.remove(id);
            return null;
        }
        if (session != null)
            drop(session);
        if (session != null && session.isExpiredAt(now))
        {
            boolean won =
                store instanceof DeltaSessionDataStore delta ? delta.deleteIfExpired(id, now) : store.delete(id);
            return won ? session : null;
        }
        store.delete(id);
        return null;
    }

    @Override
    public void shutdown()
    {
        // Every request saved its changes as it ended; what is left unsaved is at most an access time within the
        // save period, which the store's expiry already allows for.
        for (ManagedSession session : sessions.values())
            session.setResident(false);
        sessions.clear();
    }

    @Override
    protected ManagedSession doGet(String id)
    {
        return sessions.get(id);
    }

    @Override
    protected Session doPutIfAbsent(String id, ManagedSession session)
    {
        return sessions.putIfAbsent(id, session);
    }

    @Override
    protected ManagedSession doComputeIfAbsent(String id, Function<String, ManagedSession> mappingFunction)
    {
        return sessions.computeIfAbsent(id, mappingFunction);
    }

    @Override
    protected boolean doReplace(String id, ManagedSession oldValue, ManagedSession newValue)
    {
        return sessions.replace(id, oldValue, newValue);
    }

    @Override
    public ManagedSession doDelete(String id)
    {
        return sessions.remove(id);
    }

    /** Session objects this node holds now. */
    public int size()
    {
        return sessions.size();
    }
}
