package dev.sessionfarm.stateserver;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares one String instance per distinct value, for values repeated across many sessions (node names). Bounded:
 * past the limit values are kept as given, costing memory but never growing the table.
 */
final class Canonicalizer
{
    private final ConcurrentHashMap<String, String> values = new ConcurrentHashMap<>();
    private final int limit;

    Canonicalizer(int limit)
    {
        this.limit = limit;
    }

    String canonical(String value)
    {
        String known = values.get(value);
        if (known != null)
        {
            return known;
        }
        if (values.size() >= limit)
        {
            return value;
        }
        known = values.putIfAbsent(value, value);
        return known != null ? known : value;
    }
}
