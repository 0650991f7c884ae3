package dev.sessionfarm.webapp.web;

import java.time.Duration;
import java.time.Instant;

/** Who is serving: shown in every page's footer and in {@code /health}. */
public record NodeInfo(String name, String mode, Instant startedAt)
{
    public boolean isMemoryMode()
    {
        return "memory".equals(mode);
    }

    public Duration uptime()
    {
        return Duration.between(startedAt, Instant.now());
    }
}
