package dev.sessionfarm.session.store;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.sessionfarm.session.codec.SessionCodec;
import org.eclipse.jetty.session.SessionData;

/**
 * Jetty's session data plus what a delta save needs: the names of the attributes changed since the last save,
 * the stored version the data was loaded at, and each attribute's serialized size.
 * <p>
 * A value is serialized as soon as it is set, so a class off the allow-list or a session over
 * {@code session.maxBytes} fails in the request that set it, at the line that set it.
 */
public class TrackedSessionData extends SessionData
{
    private static final long serialVersionUID = 1L;

    private final transient SessionCodec codec;
    private final transient int maxBytes;
    private final transient Set<String> changed = ConcurrentHashMap.newKeySet();
    private final transient Map<String, Integer> sizes = new ConcurrentHashMap<>();
    private volatile long version;

    public TrackedSessionData(SessionCodec codec, int maxBytes, String id, String contextPath, String vhost,
                              long created, long accessed, long lastAccessed, long maxInactiveMs)
    {
        super(id, contextPath, vhost, created, accessed, lastAccessed, maxInactiveMs);
        this.codec = codec;
        this.maxBytes = maxBytes;
    }

    @Override
    public Object setAttribute(String name, Object value)
    {
        if (value == null)
        {
            sizes.remove(name);
            return super.setAttribute(name, null);
        }
        int size = codec.encode(name, value).length;
        checkFits(name, size);
        Object old = super.setAttribute(name, value);
        sizes.put(name, size);
        return old;
    }

    @Override
    public void setDirty(String name)
    {
        changed.add(name);
        super.setDirty(name);
    }

    /** Called by Jetty after a successful save: nothing is pending any more. */
    @Override
    public void clean()
    {
        changed.clear();
        super.clean();
    }

    /** The stored version this data reflects: the one loaded, then the one each save produced. */
    public long version()
    {
        return version;
    }

    Set<String> changedNames()
    {
        return Set.copyOf(changed);
    }

    void recordStored(long newVersion, Map<String, Integer> writtenSizes)
    {
        version = newVersion;
        sizes.putAll(writtenSizes);
    }

    /** Throws if the session with {@code name} at {@code size} bytes would pass the limit. */
    void checkFits(String name, int size)
    {
        long total = size;
        for (Map.Entry<String, Integer> entry : sizes.entrySet())
        {
            if (!entry.getKey().equals(name))
                total += entry.getValue();
        }
        if (total > maxBytes)
            throw new SessionTooLargeException(getId(), name, size, total, maxBytes);
    }
}
