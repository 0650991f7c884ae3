package dev.sessionfarm.session.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.model.SaveResult;
import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionSettings;
import io.micrometer.core.instrument.Gauge;
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

    protected final SessionCodec codec;
    private final int maxBytes;
    private final String applicationName;
    private final StoreMetrics metrics;
    private final NodeCache cache;
    private final AttributeDecoder decoder;
    private final long savePeriodMs;
    private volatile Durability durability = Durability.UNKNOWN;
    private volatile String scope;

    protected DeltaSessionDataStore(String storeName, SessionSettings config, SessionCodec codec, MeterRegistry meters)
    {
        this.codec = codec;
        this.maxBytes = config.maxBytes();
        this.applicationName = config.applicationName();
        this.metrics = new StoreMetrics(meters, storeName);
        this.cache = new NodeCache(config.nodeCacheSize(), metrics);
        this.decoder = new AttributeDecoder(codec, metrics, () -> scope, () -> _context);
        Gauge.builder("session.store.cache.size", cache, NodeCache::bytes)
            .description(
                "Serialized attribute bytes of the sessions in the node cache (bounded by session.nodeCacheSize)")
            .baseUnit("bytes").tag("store", storeName).register(meters);
        int graceSec = (int)Math.max(1, config.scavengeInterval().toSeconds());
        setGracePeriodSec(graceSec);
        // Jetty skips a metadata-only write while less than this has passed since the last write; see doLoad.
        setSavePeriodSec((int)Math.max(1, config.savePeriod().toSeconds()));
        this.savePeriodMs = TimeUnit.SECONDS.toMillis(getSavePeriodSec());
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
    protected abstract LoadedSession loadStored(String id) throws Exception;

    /**
     * A backend that can tell what changed since a version overrides this; the default loads it all, which is
     * always correct, only never cheaper.
     *
     * @param knownVersion the version this node holds, 0 for none: the answer may then be
     *                     {@link LoadedSession.Kind#UNCHANGED} or a {@link LoadedSession.Kind#DELTA} against it
     */
    protected LoadedSession loadStored(String id, long knownVersion) throws Exception
    {
        return loadStored(id);
    }

    /** @return {@link SaveResult#notFound()} when a delta's session no longer exists (ended elsewhere meanwhile) */
    protected abstract SaveResult saveStored(SaveRequest save) throws Exception;

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

    /** Deletes up to {@code limit} sessions of any scope that expired at or before {@code before} (orphans). */
    protected abstract int cleanOrphans(long before, int limit) throws Exception;

    // ---- Jetty's SessionDataStore, in terms of the above ----

    @Override
    public SessionData newSessionData(String id, long created, long accessed, long lastAccessed, long maxInactiveMs)
    {
        return new TrackedSessionData(codec, maxBytes, id, _context.getCanonicalContextPath(), _context.getVhost(),
            created, accessed, lastAccessed, maxInactiveMs);
    }

    /**
     * One round trip, naming the version this node holds: nothing comes back if that is still current, only the
     * attributes written since if not. A session this node holds no longer exists once the store says so, so a
     * change, removal or invalidation on another node is seen by the next request here.
     */
    @Override
    public SessionData doLoad(String id) throws Exception
    {
        NodeCache.Entry cached = cache.get(id);
        LoadedSession stored = metrics.time("load", () -> loadStored(id, cached == null ? 0 : cached.version()));
        if (stored != null && stored.kind() != LoadedSession.Kind.FULL
            && (cached == null || cached.created() != stored.metadata().created()))
        {
            // Another session under the same id (ended and created again): versions say nothing about it.
            metrics.loaded(stored.kind(), stored.receivedBytes());
            stored = metrics.time("load", () -> loadStored(id, 0));
        }
        if (stored == null)
        {
            cache.remove(id);
            return null;
        }
        metrics.loaded(stored.kind(), stored.receivedBytes());
        SessionMetadata meta = stored.metadata();
        TrackedSessionData data = (TrackedSessionData)newSessionData(id, meta.created(), meta.accessed(),
            meta.lastAccessed(), meta.maxInactiveMs());
        data.setMetadata(meta);
        Map<String, NodeCache.Value> entry = NodeCache.keptBy(cached, stored);
        Map<String, Object> values;
        try
        {
            values = decoder.decodeSent(id, stored.attributes(), entry);
            decoder.addKept(id, entry, values);
        }
        catch (UnreadableSessionDataException e)
        {
            cache.remove(id);
            throw e;
        }
        Map<String, Integer> sizes = AttributeDecoder.sizes(entry);
        data.putAllAttributes(values);
        data.recordStored(stored.version(), sizes);
        data.setLastSaved(lastSavedFor(meta.accessed(), meta.maxInactiveMs()));
        data.clean();
        metrics.loaded(sizes.values().stream().mapToLong(Integer::longValue).sum());
        cache.put(id, NodeCache.Entry.of(stored.version(), meta.created(), entry));
        return data;
    }

    /**
     * Brings a session object this node keeps between requests up to date, in the one round trip a load costs:
     * nothing changes if the store's version is still the object's, else what other nodes wrote or removed since
     * is applied to it (attributes this node changed and has not saved yet stay as they are).
     *
     * @return false if the object must be dropped and the session loaded anew: it no longer exists, another
     * session now has its id, or the node cache let it go (so that its byte bound holds for these objects too)
     */
    public boolean refresh(TrackedSessionData live) throws Exception
    {
        return new Refresh(this, cache, metrics, decoder).apply(live);
    }

    /**
     * Not zero, so the next save is a delta of this state rather than a first, whole save. Jetty writes the access
     * time again once the save period has passed since this; set back so that the period is at most a quarter of
     * the session's timeout, the stored expiry is never more than that behind the real one.
     */
    long lastSavedFor(long savedAt, long maxInactiveMs)
    {
        long shortenBy = maxInactiveMs > 0 ? Math.max(0, savePeriodMs - maxInactiveMs / 4) : 0;
        return Math.max(1, savedAt - shortenBy);
    }

    @Override
    public void doStore(String id, SessionData data, long lastSaveTime) throws Exception
    {
        SessionMetadata meta = TrackedSessionData.metadataOf(data);
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
            // The same object serves the next request here: the same bound on the period as after a load.
            data.setLastSaved(lastSavedFor(data.getLastSaved(), meta.maxInactiveMs()));
            return;
        }
        Map<String, byte[]> set = new HashMap<>();
        Set<String> removed = new HashSet<>();
        for (String name : whole ? data.getKeys() : changed)
        {
            Object value = data.getAttribute(name);
            byte[] bytes = value == null || tracked == null ? null : tracked.encodedIfCurrent(name, value);
            if (value == null)
                removed.add(name);
            else
                set.put(name, bytes != null ? bytes : encode(name, value));
        }
        long baseVersion = tracked == null ? 0 : tracked.version();
        SaveRequest save = new SaveRequest(scope, id, whole, baseVersion, meta, set, whole ? Set.of() : removed);
        Map<String, Integer> sizes = save.sizes();
        if (tracked != null)
            sizes.forEach(tracked::checkFits);
        long written = sizes.values().stream().mapToLong(Integer::longValue).sum();
        SaveResult result = metrics.time(whole ? "save-whole" : "save-delta", () -> saveStored(save));
        if (!result.isSaved())
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
        // Another save between this one's base and it: the data lacks that save's changes, so it may claim only its
        // base version, and the next refresh brings the rest.
        long complete = whole || result.newVersion() == baseVersion + 1 ? result.newVersion() : baseVersion;
        if (tracked != null)
            tracked.recordStored(complete, sizes);
        data.setLastSaved(lastSavedFor(data.getLastSaved(), meta.maxInactiveMs()));
        cache.saved(id, meta.created(), save, result, data::getAttribute);
    }

    private byte[] encode(String name, Object value)
    {
        byte[] bytes = codec.encode(name, value);
        metrics.encoded(bytes.length);
        return bytes;
    }

    @Override
    public boolean doExists(String id) throws Exception
    {
        return metrics.time("exists", () -> existsStored(id, System.currentTimeMillis()));
    }

    @Override
    public boolean delete(String id) throws Exception
    {
        cache.remove(id);
        return metrics.time("delete", () -> deleteStored(id, 0));
    }

    /** Deletes the session only if it is still expired at {@code now}: of several nodes, exactly one succeeds. */
    public boolean deleteIfExpired(String id, long now) throws Exception
    {
        cache.remove(id);
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
                if (metrics.time("clean-orphans", () -> cleanOrphans(time, EXPIRY_BATCH)) < EXPIRY_BATCH)
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

    /**
     * What this store promises about acknowledged saves. Asked once it answers, then remembered: a page shown while
     * the store is down must not wait for it.
     */
    public Durability durability()
    {
        Durability known = durability;
        if (known != Durability.UNKNOWN)
            return known;
        try
        {
            durability = checkDurability();
        }
        catch (Exception e)
        {
            LOG.debug("Cannot ask the store how durable its saves are: {}", e.toString());
        }
        return durability;
    }

    /** Asks the backend; the default for stores that cannot tell. */
    protected Durability checkDurability() throws Exception
    {
        return Durability.UNKNOWN;
    }

    public CacheCounts cacheCounts()
    {
        return metrics.cacheCounts();
    }

    /** Sessions and attribute bytes in this node's cache. */
    public int cachedSessions()
    {
        return cache.size();
    }

    public long cachedBytes()
    {
        return cache.bytes();
    }

    /** Attribute bytes this store's saves serialized (values setAttribute had serialized already are not counted). */
    public long encodedBytes()
    {
        return metrics.encodedBytes();
    }

    /** Attributes written over another node's newer change since this store started (last write won). */
    public long conflictCount()
    {
        return metrics.conflictCount();
    }
}
