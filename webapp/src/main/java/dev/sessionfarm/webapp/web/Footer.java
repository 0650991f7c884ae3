package dev.sessionfarm.webapp.web;

import java.time.Duration;

import dev.sessionfarm.session.ee10.SessionState;
import jakarta.servlet.http.HttpSession;

/**
 * What every page's footer shows: the node that served it, the session mode, and the session's age and stored
 * version (as loaded for this request), so a person can watch the session move between nodes.
 */
public record Footer(String node, String mode, String sessionAge, String sessionVersion)
{
    static Footer of(NodeInfo node, HttpSession session)
    {
        if (session == null)
            return new Footer(node.name(), node.mode(), Texts.get("footer.noSession"), "-");
        Duration age = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - session.getCreationTime()));
        String version = node.isMemoryMode() ? Texts.get("footer.memoryVersion")
            : String.valueOf(SessionState.storedVersion(session));
        return new Footer(node.name(), node.mode(), describe(age), version);
    }

    public static String describe(Duration age)
    {
        long seconds = age.toSeconds();
        if (seconds < 60)
            return seconds + " s";
        if (seconds < 3600)
            return seconds / 60 + " min " + seconds % 60 + " s";
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
