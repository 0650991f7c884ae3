package dev.sessionfarm.session.store;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.codec.UnreadableValueException;
import org.eclipse.jetty.session.SessionContext;
import org.eclipse.jetty.session.UnreadableSessionDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the attribute bytes of a load's answer into values, and records them for the node cache. */
final class AttributeDecoder
{
    private static final Logger LOG = LoggerFactory.getLogger(DeltaSessionDataStore.class);

    private final SessionCodec codec;
    private final StoreMetrics metrics;
    private final Supplier<String> scope;
    private final Supplier<SessionContext> context;

    AttributeDecoder(SessionCodec codec, StoreMetrics metrics, Supplier<String> scope, Supplier<SessionContext> context)
    {
        this.codec = codec;
        this.metrics = metrics;
        this.scope = scope;
        this.context = context;
    }

    /** Decodes what the store sent and puts each value, as the cache keeps it, into {@code entry}. */
    Map<String, Object> decodeSent(String id, Map<String, byte[]> sent, Map<String, NodeCache.Value> entry)
        throws UnreadableSessionDataException
    {
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, byte[]> attribute : sent.entrySet())
        {
            Object value = decode(id, attribute.getKey(), attribute.getValue());
            values.put(attribute.getKey(), value);
            entry.put(attribute.getKey(), NodeCache.value(value, attribute.getValue()));
        }
        return values;
    }

    /** Adds to {@code values} the attributes of {@code entry} it lacks: shared if immutable, else a private copy. */
    void addKept(String id, Map<String, NodeCache.Value> entry, Map<String, Object> values)
        throws UnreadableSessionDataException
    {
        for (Map.Entry<String, NodeCache.Value> e : entry.entrySet())
        {
            if (!values.containsKey(e.getKey()))
                values.put(e.getKey(), e.getValue().shared() != null ? e.getValue().shared()
                    : decode(id, e.getKey(), e.getValue().encoded()));
        }
    }

    static Map<String, Integer> sizes(Map<String, NodeCache.Value> entry)
    {
        Map<String, Integer> sizes = new HashMap<>();
        for (Map.Entry<String, NodeCache.Value> e : entry.entrySet())
            sizes.put(e.getKey(), e.getValue().size());
        return sizes;
    }

    private Object decode(String id, String name, byte[] bytes) throws UnreadableSessionDataException
    {
        try
        {
            return codec.decode(bytes);
        }
        catch (UnreadableValueException e)
        {
            metrics.unreadable();
            LOG.warn(
                "Session {} (scope {}) cannot be read: attribute '{}' is unreadable ({}); it is treated as no session",
                id, scope.get(), name, e.getMessage());
            throw new UnreadableSessionDataException(id, context.get(), e);
        }
    }
}
