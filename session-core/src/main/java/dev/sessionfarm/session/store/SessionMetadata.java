package dev.sessionfarm.session.store;

import org.eclipse.jetty.session.SessionData;

/** Everything stored about a session except its attributes. Times are epoch milliseconds; expiry 0 = never. */
public record SessionMetadata(
    long created,
    long accessed,
    long lastAccessed,
    long cookieSet,
    long maxInactiveMs,
    long expiry,
    String lastNode)
{
    public static SessionMetadata of(SessionData data)
    {
        return new SessionMetadata(data.getCreated(), data.getAccessed(), data.getLastAccessed(), data.getCookieSet(),
            data.getMaxInactiveMs(), data.getExpiry(), data.getLastNode() == null ? "" : data.getLastNode());
    }

    void applyTo(SessionData data)
    {
        data.setCreated(created);
        data.setAccessed(accessed);
        data.setLastAccessed(lastAccessed);
        data.setCookieSet(cookieSet);
        data.setMaxInactiveMs(maxInactiveMs);
        data.setExpiry(expiry);
        data.setLastNode(lastNode);
    }
}
