package dev.sessionfarm.session.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.codec.UnreadableValueException;
import dev.sessionfarm.session.config.SessionConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.session.AbstractSessionDataStore;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.UnreadableSessionDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy every session-farm store shares, over a backend that fills in a few small methods.
 * <ul>
 * <li>A save that changed only access times writes only metadata ({@link #touchStored}); one that changed
 * attributes writes only the changed and removed ones, atomically, with a version bump ({@link #saveStored}).
 * Stock Jetty stores rewrite the whole session after every request, which is how one node's write erases
 * another's in a farm without sticky sessions.</li>
 * <li>Values are serialized by the {@link SessionCodec}; a session that cannot be read is logged with its id and
 * reported to Jetty as unreadable, which the session handler turns into "no session".</li>
 * <li>Expiry: expired sessions are claimed in bounded batches ({@link #claimExpired}) so nodes share the work;
 * the conditional delete ({@link #deleteIfExpired}) decides which single node ends each one.</li>
 * </ul>
 * Backends report an unreachable or slow store as {@link SessionStoreUnavailableException}.
 */
public abstract class DeltaSessionDataStore extends AbstractSessionDataStore
{
    private static final Logger LOG = LoggerFactory.getLogger(DeltaSessionDataStore.class);
    /** Expired sessions one scavenge claims; the rest wait for the next run, so no run holds locks for long. */
    static final int EXPIRY_BATCH = 500;
    /** A claim outlives a node that crashed while ending the sessions it claimed: others take over after this. */
    static final long CLAIM_TTL_MS = TimeUnit.MINUTES.toMillis(5);
    private static final int ORPHAN_BATCHES_PER_SWEEP = 100;
    /**
     * Jetty recomputes a session's expiry as the last request leaves it, which would cost a metadata write after
     * every response, just after the save that preceded it. Skipping metadata-only writes within a second of the
     * last write removes that round trip; a session may then expire up to a second early.
     */
    static final int METADATA_SAVE_PERIOD_SEC = 1;

    protected final SessionCodec codec;
    private final int maxBytes;
    private final String applicationName;
    private final StoreMetrics metrics;
    private volatile String scope;

    protected DeltaSessionDataStore(String storeName, SessionConfig config, SessionCodec codec, MeterRegistry meters)
    {
        this.codec = codec;
        this.maxBytes = config.maxBytes();
        this.applicationName = config.applicationName();
        this.metrics = new StoreMetrics(meters, storeName);
        int graceSec = (int)Math.max(1, config.scavengeInterval().toSeconds());
        setGracePeriodSec(graceSec);
        setSavePeriodSec(METADATA_SAVE_PERIOD_SEC);
    }

    /** The key sessions are stored under besides their id: the application name, or context path and host. */
    public static String scopeOf(String applicationName, String canonicalContextPath, String vhost)
    {
        return applicationName.isEmpty() ? canonicalContextPath + "@" + vhost : applicationName;
    }

    protected final String scope()
    {
        return scope;
    }

    @Override
    protected void doStart() throws Exception
    {
        scope = scopeOf(applicationName, _context.getCanonicalContextPath(), _context.getVhost());
        super.doStart();
    }

    // ---- what a backend provides ----

    /** @return the stored session, or null if there is none (expired ones are returned too) */
    protected abstract StoredSession loadStored(String id) throws Exception;

    /** @return null when a delta's session no longer exists (it was invalidated or expired meanwhile) */
    protected abstract SaveResult saveStored(SessionWrite write) throws Exception;

    /** Writes metadata only, and only if it is not older than what is stored. */
    protected abstract void touchStored(String id, SessionMetadata metadata) throws Exception;

    /** @param onlyIfExpiredAt 0: delete unconditionally; otherwise only if 0 &lt; expiry &lt;= this time */
    protected abstract boolean deleteStored(String id, long onlyIfExpiredAt) throws Exception;

    protected abstract boolean existsStored(String id, long now) throws Exception;

    /** @return the candidates that are missing or expired at {@code now} */
    protected abstract Set<String> expiredAmong(Set<String> candidates, long now) throws Exception;

    /** Claims up to {@code limit} sessions of this scope that expired at or before {@code before}. */
    protected abstract Set<String> claimExpired(long before, int limit, String claimant, long claimTtlMs, long now)
        throws Exception;

    /** Deletes up to {@code limit} sessions of any scope that expired at or before {@code before}. */
    protected abstract int deleteExpiredOfAnyScope(long before, int limit) throws Exception;

    // ---- Jetty's SessionDataStore, in terms of the above ----

    @Override
    public SessionData newSessionData(String id, long created, long accessed, long lastAccessed, long maxInactiveMs)
    {
        return new TrackedSessionData(codec, maxBytes, id, _context.getCanonicalContextPath(), _context.getVhost(),
            created, accessed, lastAccessed, maxInactiveMs);
    }

    @Override
    public SessionData doLoad(String id) throws Exception
    {
        StoredSession stored = metrics.time("load", () -> loadStored(id));
        if (stored == null)
            return null;
        SessionMetadata meta = stored.metadata();
        TrackedSessionData data = (TrackedSessionData)newSessionData(id, meta.created(), meta.accessed(),
            meta.lastAccessed(), meta.maxInactiveMs());
        meta.applyTo(data);
        Map<String, Object> values = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        long total = 0;
        for (Map.Entry<String, byte[]> attribute : stored.attributes().entrySet())
        {
            try
            {
                values.put(attribute.getKey(), codec.decode(attribute.getValue()));
            }
            catch (UnreadableValueException e)
            {
                metrics.unreadable();
                LOG.warn("Session {} (scope {}) cannot be read: attribute '{}' is unreadable ({}); it is treated as no session",
                    id, scope, attribute.getKey(), e.getMessage());
                throw new UnreadableSessionDataException(id, _context, e);
            }
            sizes.put(attribute.getKey(), attribute.getValue().length);
            total += attribute.getValue().length;
        }
        data.putAllAttributes(values);
        data.recordStored(stored.version(), sizes);
        // Not zero, so the next save is a delta of this state rather than a first, whole save.
        data.setLastSaved(Math.max(1, meta.accessed()));
        data.clean();
        metrics.loaded(total);
        return data;
    }

    @Override
    public void doStore(String id, SessionData data, long lastSaveTime) throws Exception
    {
        SessionMetadata meta = SessionMetadata.of(data);
        TrackedSessionData tracked = data instanceof TrackedSessionData t ? t : null;
        Set<String> changed = tracked == null ? Set.of() : tracked.changedNames();
        boolean whole = lastSaveTime <= 0 || tracked == null || (data.isDirty() && changed.isEmpty());
        if (!whole && !data.isDirty())
        {
            metrics.time("touch", () ->
            {
                touchStored(id, meta);
                return null;
            });
            return;
        }
        Map<String, byte[]> set = new HashMap<>();
        Set<String> removed = new HashSet<>();
        for (String name : whole ? data.getKeys() : changed)
        {
            Object value = data.getAttribute(name);
            if (value == null)
                removed.add(name);
            else
                set.put(name, codec.encode(name, value));
        }
        Map<String, Integer> sizes = new HashMap<>();
        long written = 0;
        for (Map.Entry<String, byte[]> e : set.entrySet())
        {
            sizes.put(e.getKey(), e.getValue().length);
            written += e.getValue().length;
            if (tracked != null)
                tracked.checkFits(e.getKey(), e.getValue().length);
        }
        long baseVersion = tracked == null ? 0 : tracked.version();
        SessionWrite write = new SessionWrite(id, whole, baseVersion, meta, set, whole ? Set.of() : removed);
        SaveResult result = metrics.time(whole ? "save-whole" : "save-delta", () -> saveStored(write));
        if (result == null)
        {
            LOG.info("Session {} (scope {}) was ended elsewhere before this save; its changes {} were not stored",
                id, scope, changed);
            return;
        }
        metrics.written(written);
        metrics.conflicts(result.conflicts());
        if (result.conflicts() > 0)
            LOG.debug("Session {}: {} attribute(s) of {} had changed since this request loaded them; last write won",
                id, result.conflicts(), changed);
        if (tracked != null)
            tracked.recordStored(result.newVersion(), sizes);
    }

    @Override
    public boolean doExists(String id) throws Exception
    {
        return metrics.time("exists", () -> existsStored(id, System.currentTimeMillis()));
    }

    @Override
    public boolean delete(String id) throws Exception
    {
        return metrics.time("delete", () -> deleteStored(id, 0));
    }

    /** Deletes the session only if it is still expired at {@code now}: of several nodes, exactly one succeeds. */
    public boolean deleteIfExpired(String id, long now) throws Exception
    {
        return metrics.time("delete-expired", () -> deleteStored(id, now));
    }

    @Override
    public Set<String> doCheckExpired(Set<String> candidates, long time)
    {
        if (candidates.isEmpty())
            return Set.of();
        try
        {
            return metrics.time("check-expired", () -> expiredAmong(candidates, time));
        }
        catch (Exception e)
        {
            LOG.warn("Cannot check {} session(s) for expiry in scope {}: {}", candidates.size(), scope, e.toString());
            return Set.of();
        }
    }

    @Override
    public Set<String> doGetExpired(long before)
    {
        try
        {
            return metrics.time("claim-expired", () -> claimExpired(before, EXPIRY_BATCH, _context.getWorkerName(),
                CLAIM_TTL_MS, System.currentTimeMillis()));
        }
        catch (Exception e)
        {
            LOG.warn("Cannot look for expired sessions in scope {}: {}", scope, e.toString());
            return Set.of();
        }
    }

    @Override
    public void doCleanOrphans(long time)
    {
        try
        {
            for (int batch = 0; batch < ORPHAN_BATCHES_PER_SWEEP; batch++)
            {
                if (metrics.time("clean-orphans", () -> deleteExpiredOfAnyScope(time, EXPIRY_BATCH)) < EXPIRY_BATCH)
                    return;
            }
        }
        catch (Exception e)
        {
            LOG.warn("Cannot delete long-expired sessions: {}", e.toString());
        }
    }

    @Override
    public boolean isPassivating()
    {
        return true;
    }

    /** Attributes written over another node's newer change since this store started (last write won). */
    public long conflictCount()
    {
        return metrics.conflictCount();
    }
}
