package dev.sessionfarm.session.store;

import java.util.Map;

/** A session as a backend holds it: metadata, the version of its last attribute change, attribute bytes by name. */
public record StoredSession(SessionMetadata metadata, long version, Map<String, byte[]> attributes)
{
}
