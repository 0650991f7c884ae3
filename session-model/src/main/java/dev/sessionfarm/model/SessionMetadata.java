package dev.sessionfarm.model;

import java.util.Objects;

/**
 * Everything stored about a session except its attributes. All times are epoch milliseconds supplied by the
 * caller; no store substitutes its own clock.
 *
 * @param created       when the session was created
 * @param accessed      the current request's access time; orders concurrent metadata writes (newest wins)
 * @param lastAccessed  the previous request's access time
 * @param cookieSet     when the session cookie was last set, 0 if never
 * @param maxInactiveMs the inactivity timeout, as the servlet container defines it (≤ 0: never times out)
 * @param expiry        when the session expires, 0 = never
 * @param lastNode      the node that last wrote the session
 */
public record SessionMetadata(long created, long accessed, long lastAccessed, long cookieSet, long maxInactiveMs,
    long expiry, String lastNode)
{
    public SessionMetadata
    {
        Objects.requireNonNull(lastNode, "lastNode");
        if (expiry < 0)
        {
            throw new IllegalArgumentException("expiry must be 0 (never) or an epoch millisecond, was " + expiry);
        }
    }

    /** True iff the session has expired at {@code now}. */
    public boolean isExpiredAt(long now)
    {
        return expiry > 0 && expiry <= now;
    }
}
