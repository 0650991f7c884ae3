package dev.sessionfarm.stateprotocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running server's counters. The wire carries them as name/value pairs so that a newer server can add counters
 * without breaking older clients; the accessors below cover the ones every version has.
 *
 * @param counters    every counter the server sent, in the server's order
 * @param persistence a one-line description of the persistence state
 */
public record ServerStats(Map<String, Long> counters, String persistence)
{
    public ServerStats
    {
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    public long get(String name)
    {
        return counters.getOrDefault(name, 0L);
    }

    public long activeSessions()
    {
        return get("sessions.active");
    }

    public long bytesHeld()
    {
        return get("memory.bytes");
    }

    public long memoryBound()
    {
        return get("memory.bound");
    }

    public long opsPerSecond()
    {
        return get("ops.per_second");
    }

    public long currentConnections()
    {
        return get("connections.current");
    }

    public long totalConnections()
    {
        return get("connections.total");
    }

    public long authFailures()
    {
        return get("auth.failures");
    }

    public long refusals()
    {
        return get("refusals");
    }
}
