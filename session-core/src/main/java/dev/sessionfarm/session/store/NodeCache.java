package dev.sessionfarm.session.store;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.model.SaveResult;

/**
 * The sessions this node served recently, decoded, each with the stored version it reflects; bounded by the
 * serialized size of their attributes, least recently used first out.
 * <p>
 * An entry is immutable and only ever replaced by what the store answered or what a save stored successfully, so
 * a request's uncommitted {@code setAttribute} (it works on its own copy of the map) never reaches it. A value is
 * shared between requests only if it is deeply immutable (strings, boxed numbers, enums, java.time, records and
 * unmodifiable collections of such); any other value is kept serialized and decoded afresh for each request, so
 * that changing it in place, without {@code setAttribute}, cannot leak into another request on this node.
 */
final class NodeCache
{
    /** Per attribute: the shared immutable value, or null and the bytes to decode a private copy from. */
    record Value(Object shared, byte[] encoded, int size)
    {
    }

    record Entry(long version, long created, Map<String, Value> attributes, long bytes)
    {
        static Entry of(long version, long created, Map<String, Value> attributes)
        {
            long bytes = 0;
            for (Map.Entry<String, Value> e : attributes.entrySet())
                bytes += e.getValue().size() + e.getKey().length();
            return new Entry(version, created, Map.copyOf(attributes), bytes);
        }
    }

    private static final int MAX_DEPTH = 6;
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Short.class,
        Byte.class, Double.class, Float.class, Boolean.class, Character.class, java.math.BigInteger.class,
        java.math.BigDecimal.class, UUID.class);

    private final long maxBytes;
    private final StoreMetrics metrics;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    NodeCache(long maxBytes, StoreMetrics metrics)
    {
        this.maxBytes = maxBytes;
        this.metrics = metrics;
    }

    boolean enabled()
    {
        return maxBytes > 0;
    }

    synchronized Entry get(String id)
    {
        return enabled() ? entries.get(id) : null;
    }

    synchronized void put(String id, Entry entry)
    {
        if (!enabled())
            return;
        remove(id);
        if (entry.bytes() > maxBytes)
            return;
        entries.put(id, entry);
        bytes += entry.bytes();
        var eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext())
        {
            Entry out = eldest.next().getValue();
            eldest.remove();
            bytes -= out.bytes();
            metrics.evicted();
        }
    }

    /**
     * The cache learns from a save only what the store now holds for certain: a whole save is the whole session; a
     * delta applied directly on top of the cached version (no other save between) is that version plus the delta.
     * Otherwise the cached entry stays as it is, still true of its version, and the next load brings the rest.
     */
    synchronized void saved(String id, long created, SaveRequest save, SaveResult result,
                            Function<String, Object> values)
    {
        if (!enabled())
            return;
        Map<String, Value> attributes = new HashMap<>();
        if (!save.replace())
        {
            Entry cached = entries.get(id);
            if (cached == null || cached.version() != save.baseVersion()
                || result.newVersion() != save.baseVersion() + 1)
                return;
            attributes.putAll(cached.attributes());
            attributes.keySet().removeAll(save.removed());
        }
        for (Map.Entry<String, byte[]> e : save.set().entrySet())
            attributes.put(e.getKey(), value(values.apply(e.getKey()), e.getValue()));
        put(id, Entry.of(result.newVersion(), created, attributes));
    }

    /** The cached attributes that a load's answer says are still current. */
    static Map<String, Value> keptBy(Entry cached, LoadedSession answer)
    {
        Map<String, Value> kept = new HashMap<>();
        if (answer.kind() == LoadedSession.Kind.FULL)
            return kept;
        for (Map.Entry<String, Value> e : cached.attributes().entrySet())
        {
            if (answer.kind() == LoadedSession.Kind.UNCHANGED || answer.kept().contains(e.getKey()))
                kept.put(e.getKey(), e.getValue());
        }
        return kept;
    }

    synchronized void remove(String id)
    {
        Entry old = entries.remove(id);
        if (old != null)
            bytes -= old.bytes();
    }

    synchronized long bytes()
    {
        return bytes;
    }

    synchronized int size()
    {
        return entries.size();
    }

    static Value value(Object decoded, byte[] encoded)
    {
        return immutable(decoded, 0) ? new Value(decoded, null, encoded.length)
            : new Value(null, encoded, encoded.length);
    }

    static boolean immutable(Object value, int depth)
    {
        if (value == null)
            return true;
        if (depth > MAX_DEPTH)
            return false;
        Class<?> type = value.getClass();
        if (IMMUTABLE.contains(type) || type.isEnum() || type.getPackageName().equals("java.time"))
            return true;
        if (type.getName().startsWith("java.util.ImmutableCollections$"))
        {
            Collection<?> items = value instanceof Map<?, ?> map ? map.entrySet() : (Collection<?>)value;
            for (Object item : items)
            {
                if (item instanceof Map.Entry<?, ?> e
                    ? !immutable(e.getKey(), depth + 1) || !immutable(e.getValue(), depth + 1)
                    : !immutable(item, depth + 1))
                    return false;
            }
            return true;
        }
        if (!type.isRecord())
            return false;
        try
        {
            for (RecordComponent component : type.getRecordComponents())
            {
                var accessor = component.getAccessor();
                accessor.setAccessible(true);
                if (!immutable(accessor.invoke(value), depth + 1))
                    return false;
            }
            return true;
        }
        catch (ReflectiveOperationException | RuntimeException e)
        {
            return false;
        }
    }
}
