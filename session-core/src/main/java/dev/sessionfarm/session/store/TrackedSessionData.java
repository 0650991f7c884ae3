package dev.sessionfarm.session.store;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.sessionfarm.model.SessionMetadata;
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

    private record Encoded(Object value, byte[] bytes)
    {
    }

    private final transient SessionCodec codec;
    private final transient int maxBytes;
    private final transient Set<String> changed = ConcurrentHashMap.newKeySet();
    private final transient Map<String, Integer> sizes = new ConcurrentHashMap<>();
    /** Bytes setAttribute produced for a value that cannot change afterwards, so the save need not serialize it. */
    private final transient Map<String, Encoded> encoded = new ConcurrentHashMap<>();
    private volatile long version;
    private volatile boolean discarded;

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
        encoded.remove(name);
        if (value == null)
        {
            sizes.remove(name);
            return super.setAttribute(name, null);
        }
        byte[] bytes = codec.encode(name, value);
        checkFits(name, bytes.length);
        Object old = super.setAttribute(name, value);
        sizes.put(name, bytes.length);
        if (NodeCache.immutable(value, 0))
            encoded.put(name, new Encoded(value, bytes));
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
        encoded.clear();
        super.clean();
    }

    /** Marks changes that could not be saved: whoever keeps this object between requests must let it go. */
    public void discard()
    {
        discarded = true;
    }

    public boolean isDiscarded()
    {
        return discarded;
    }

    /**
     * The bytes setAttribute produced for {@code value}, if it is still the attribute's value and is immutable;
     * otherwise null, and the value must be serialized as it is now (it may have been changed in place).
     */
    byte[] encodedIfCurrent(String name, Object value)
    {
        Encoded e = encoded.get(name);
        return e != null && e.value() == value ? e.bytes() : null;
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

    /**
     * Takes what another node stored: the values written since this data's version and the names that still exist.
     * An attribute this node changed and has not saved yet keeps its value: its save comes later and wins.
     */
    void applyStored(Map<String, Object> written, Set<String> present, long newVersion,
                     Map<String, Integer> writtenSizes)
    {
        for (String name : Set.copyOf(_attributes.keySet()))
        {
            if (!present.contains(name) && !changed.contains(name))
            {
                _attributes.remove(name);
                sizes.remove(name);
            }
        }
        for (Map.Entry<String, Object> e : written.entrySet())
        {
            if (!changed.contains(e.getKey()))
            {
                _attributes.put(e.getKey(), e.getValue());
                sizes.put(e.getKey(), writtenSizes.get(e.getKey()));
            }
        }
        version = newVersion;
    }

    /** What a store keeps of the session besides its attributes; Jetty's null last node is stored as "". */
    static SessionMetadata metadataOf(SessionData data)
    {
        return new SessionMetadata(data.getCreated(), data.getAccessed(), data.getLastAccessed(), data.getCookieSet(),
            data.getMaxInactiveMs(), Math.max(0, data.getExpiry()), data.getLastNode() == null ? ""
                : data.getLastNode());
    }

    /** Takes all of the stored metadata, as a load does. */
    void setMetadata(SessionMetadata stored)
    {
        setCreated(stored.created());
        setAccessed(stored.accessed());
        setLastAccessed(stored.lastAccessed());
        setCookieSet(stored.cookieSet());
        setMaxInactiveMs(stored.maxInactiveMs());
        setExpiry(stored.expiry());
        setLastNode(stored.lastNode());
    }

    /** Takes stored access times that are newer than this node's, e.g. another node served the session since. */
    void adopt(SessionMetadata stored, long savedAt)
    {
        if (stored.accessed() <= getAccessed())
            return;
        setAccessed(stored.accessed());
        setLastAccessed(stored.lastAccessed());
        setMaxInactiveMs(stored.maxInactiveMs());
        setExpiry(stored.expiry());
        setLastSaved(Math.max(getLastSaved(), savedAt));
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
