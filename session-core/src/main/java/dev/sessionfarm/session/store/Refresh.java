package dev.sessionfarm.session.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.sessionfarm.model.SessionMetadata;
import org.eclipse.jetty.session.UnreadableSessionDataException;

/**
 * Validates a session object kept in memory between requests against the store, and applies what other nodes
 * changed since its version (see {@link DeltaSessionDataStore#refresh}). The caller holds the session's lock.
 */
final class Refresh
{
    private final DeltaSessionDataStore store;
    private final NodeCache cache;
    private final StoreMetrics metrics;
    private final AttributeDecoder decoder;

    Refresh(DeltaSessionDataStore store, NodeCache cache, StoreMetrics metrics, AttributeDecoder decoder)
    {
        this.store = store;
        this.cache = cache;
        this.metrics = metrics;
        this.decoder = decoder;
    }

    boolean apply(TrackedSessionData live) throws Exception
    {
        String id = live.getId();
        NodeCache.Entry cached = cache.get(id);
        if (cache.enabled() && cached == null)
            return false;
        long known = live.version();
        LoadedSession stored = metrics.time("load", () -> store.loadStored(id, known));
        if (stored == null)
        {
            cache.remove(id);
            return false;
        }
        metrics.loaded(stored.kind(), stored.receivedBytes());
        SessionMetadata meta = stored.metadata();
        if (meta.created() != live.getCreated())
            return false;
        live.adopt(meta, store.lastSavedFor(meta.accessed(), meta.maxInactiveMs()));
        boolean unchanged = stored.kind() == LoadedSession.Kind.UNCHANGED
            || stored.kind() == LoadedSession.Kind.FULL && stored.version() == known;
        if (unchanged)
            return true;
        // The node cache follows only if it held the very version the object had; otherwise it stays as it is,
        // still true of its own version.
        boolean follow = cached != null && cached.version() == known;
        Map<String, NodeCache.Value> entry = follow ? NodeCache.keptBy(cached, stored) : new HashMap<>();
        Map<String, Object> written;
        try
        {
            written = decoder.decodeSent(id, stored.attributes(), entry);
        }
        catch (UnreadableSessionDataException e)
        {
            cache.remove(id);
            throw e;
        }
        Set<String> present = new HashSet<>(stored.attributes().keySet());
        if (stored.kind() == LoadedSession.Kind.DELTA)
            present.addAll(stored.kept());
        Map<String, Integer> sizes = new HashMap<>();
        for (Map.Entry<String, byte[]> e : stored.attributes().entrySet())
            sizes.put(e.getKey(), e.getValue().length);
        live.applyStored(written, present, stored.version(), sizes);
        if (follow)
            cache.put(id, NodeCache.Entry.of(stored.version(), meta.created(), entry));
        return true;
    }
}
