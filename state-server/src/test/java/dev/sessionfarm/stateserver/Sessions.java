package dev.sessionfarm.stateserver;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StoredAttribute;

/** Small builders for test sessions. */
final class Sessions
{
    private static final AtomicInteger SCOPES = new AtomicInteger();

    private Sessions()
    {
    }

    /** A scope no other test uses, so tests sharing one server cannot see each other's sessions. */
    static String uniqueScope()
    {
        return "/app-" + SCOPES.incrementAndGet() + "@" + System.nanoTime();
    }

    static SessionMetadata metadata(long accessed, long expiry)
    {
        return new SessionMetadata(1_000, accessed, accessed - 1, 1_000, 1_800_000, expiry, "node-a");
    }

    static SessionMetadata metadata(long accessed, long expiry, String node)
    {
        return new SessionMetadata(1_000, accessed, accessed - 1, 1_000, 1_800_000, expiry, node);
    }

    static byte[] bytes(String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, byte[]> attributes(String... namesAndValues)
    {
        Map<String, byte[]> attributes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2)
        {
            attributes.put(namesAndValues[i], bytes(namesAndValues[i + 1]));
        }
        return attributes;
    }

    /** name → value text, for compact assertions. */
    static Map<String, String> values(LoadResult loaded)
    {
        Map<String, String> values = new LinkedHashMap<>();
        for (StoredAttribute attribute : loaded.attributes())
        {
            values.put(attribute.name(), new String(attribute.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    static long writtenVersion(LoadResult loaded, String name)
    {
        return loaded.attributes().stream().filter(a -> a.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no attribute " + name)).writtenVersion();
    }
}
