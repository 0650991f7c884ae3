package dev.sessionfarm.session.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One save for a backend to apply atomically.
 *
 * @param replace     true: create the session, or replace it whole (a new or renewed session); false: a delta of
 *                    an existing session, which the backend must not resurrect if it is gone
 * @param baseVersion the version the writer loaded; attributes another writer changed since then are conflicts
 * @param set         attributes to write, serialized
 * @param removed     attributes to remove (delta only)
 */
public record SessionWrite(
    String id,
    boolean replace,
    long baseVersion,
    SessionMetadata metadata,
    Map<String, byte[]> set,
    Set<String> removed)
{
    /** The serialized size of each attribute written. */
    public Map<String, Integer> sizes()
    {
        Map<String, Integer> sizes = new HashMap<>();
        set.forEach((name, bytes) -> sizes.put(name, bytes.length));
        return sizes;
    }
}
