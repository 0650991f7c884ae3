package dev.sessionfarm.model;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One save, for a store to apply atomically.
 *
 * @param scope       the application scope
 * @param id          the session id
 * @param replace     true: create the session or replace it whole (a new or renewed session); false: a delta of an
 *                    existing session, which the store must not resurrect if it is gone
 * @param baseVersion the version the caller loaded; attributes written by someone else since then are counted as
 *                    conflicts (the write still happens: last write wins)
 * @param metadata    in a delta, replaces the stored metadata only if its {@code accessed} is not older
 * @param set         attributes to write, name to opaque value bytes
 * @param removed     attribute names to remove (a delta's); a name may not be both set and removed
 */
public record SaveRequest(String scope, String id, boolean replace, long baseVersion, SessionMetadata metadata,
    Map<String, byte[]> set, Set<String> removed)
{
    public SaveRequest
    {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(metadata, "metadata");
        set = Map.copyOf(set);
        removed = Set.copyOf(removed);
        for (String name : removed)
        {
            if (set.containsKey(name))
                throw new IllegalArgumentException("attribute '" + name + "' is both set and removed in one save");
        }
    }

    /** A save that creates the session or replaces all of it. */
    public static SaveRequest replace(String scope, String id, long baseVersion, SessionMetadata metadata,
                                      Map<String, byte[]> attributes)
    {
        return new SaveRequest(scope, id, true, baseVersion, metadata, attributes, Set.of());
    }

    /** A save that changes only the named attributes of an existing session. */
    public static SaveRequest delta(String scope, String id, long baseVersion, SessionMetadata metadata,
                                    Map<String, byte[]> set, Collection<String> removed)
    {
        return new SaveRequest(scope, id, false, baseVersion, metadata, set, Set.copyOf(removed));
    }

    /** The serialized size of each attribute written. */
    public Map<String, Integer> sizes()
    {
        Map<String, Integer> sizes = new HashMap<>();
        set.forEach((name, bytes) -> sizes.put(name, bytes.length));
        return sizes;
    }
}
