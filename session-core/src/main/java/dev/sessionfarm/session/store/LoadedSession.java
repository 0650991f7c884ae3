package dev.sessionfarm.session.store;

import java.util.Map;
import java.util.Set;

import dev.sessionfarm.model.SessionMetadata;

/**
 * A backend's answer to a load: the session's metadata, the version of its last attribute change, attribute bytes by
 * name. Loaded against a known version it may carry less: nothing ({@link Kind#UNCHANGED}) or only the attributes
 * written since that version plus the names of those kept ({@link Kind#DELTA}); any other name the caller knows was
 * removed.
 */
public record LoadedSession(Kind kind, SessionMetadata metadata, long version, Map<String, byte[]> attributes,
    Set<String> kept)
{
    public enum Kind
    {
        FULL,
        UNCHANGED,
        DELTA
    }

    public LoadedSession(SessionMetadata metadata, long version, Map<String, byte[]> attributes)
    {
        this(Kind.FULL, metadata, version, attributes, Set.of());
    }

    /** Attribute bytes this answer carried. */
    public long receivedBytes()
    {
        long bytes = 0;
        for (byte[] value : attributes.values())
            bytes += value.length;
        return bytes;
    }
}
