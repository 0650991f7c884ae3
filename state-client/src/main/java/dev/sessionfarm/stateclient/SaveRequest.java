package dev.sessionfarm.stateclient;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.sessionfarm.stateprotocol.SessionMetadata;

/**
 * One atomic save.
 *
 * @param scope       the application scope
 * @param id          the session id
 * @param replace     true: create the session or replace it entirely (new sessions, renewed ids); false: a delta
 *                    on an existing session, answered NOT_FOUND if it no longer exists
 * @param baseVersion the version the caller loaded; attributes written by someone else since then are counted as
 *                    conflicts (the write still happens: last write wins)
 * @param metadata    in a delta, replaces the stored metadata only if its {@code accessed} is not older
 * @param set         attributes to write, name to opaque value bytes
 * @param removed     attribute names to remove; a name may not be both set and removed
 */
public record SaveRequest(String scope, String id, boolean replace, long baseVersion, SessionMetadata metadata,
    Map<String, byte[]> set, Collection<String> removed)
{
    public SaveRequest
    {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(metadata, "metadata");
        set = Map.copyOf(set);
        removed = List.copyOf(new HashSet<>(removed));
        for (String name : removed)
        {
            if (set.containsKey(name))
            {
                throw new IllegalArgumentException("attribute '" + name + "' is both set and removed in one save");
            }
        }
    }

    /** A save that creates the session or replaces all of it. */
    public static SaveRequest replace(String scope, String id, long baseVersion, SessionMetadata metadata,
                                      Map<String, byte[]> attributes)
    {
        return new SaveRequest(scope, id, true, baseVersion, metadata, attributes, List.of());
    }

    /** A save that changes only the named attributes of an existing session. */
    public static SaveRequest delta(String scope, String id, long baseVersion, SessionMetadata metadata,
                                    Map<String, byte[]> set, Collection<String> removed)
    {
        return new SaveRequest(scope, id, false, baseVersion, metadata, set, removed);
    }
}
