package dev.sessionfarm.e2e.web;

import java.time.Duration;

/**
 * One HTTP exchange as a person's browser saw it. {@code status} is -1 when no answer came at all (the connection
 * failed); {@code body} then says why. {@code node} is the node that answered (its X-Node header), if one did.
 */
public record Reply(String method, String path, int status, String body, String location, String node,
    long startNanos, long endNanos)
{
    public static final String LOST_IN_MEMORY = "Your session was lost";
    public static final String EXPIRED = "Your session expired";

    public boolean isRedirect()
    {
        return status == 303 || status == 302;
    }

    /** The page says the session this browser had is gone (lost with a node, or expired). */
    public boolean saysSessionGone()
    {
        return body.contains(LOST_IN_MEMORY) || body.contains(EXPIRED);
    }

    /** The outage page: 503, asking to try again in a moment (what it promises depends on the store). */
    public boolean isStoreOutagePage()
    {
        return status == 503 && body.contains("<title>Please try again in a moment");
    }

    public Duration took()
    {
        return Duration.ofNanos(endNanos - startNanos);
    }

    /** For failure messages: what was asked, what came back, and a little of the body. */
    public String describe()
    {
        String text =
            body.replaceAll("(?s)<head>.*?</head>", "").replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
        String shown = text.length() > 400 ? text.substring(0, 400) + "..." : text;
        return method + " " + path + " -> " + (status < 0 ? "no answer" : String.valueOf(status))
            + (location == null ? "" : " (to " + location + ")") + (node.isEmpty() ? "" : " from " + node)
            + " after " + took().toMillis() + " ms" + (status == 200 || status == 303 ? "" : ": " + shown);
    }
}
