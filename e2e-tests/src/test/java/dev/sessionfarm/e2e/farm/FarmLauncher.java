package dev.sessionfarm.e2e.farm;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A farm started the way a person starts the demo: the {@code farm} command, which runs its own embedded
 * PostgreSQL, state server and nodes as its children and the balancer with the farm console in its own process.
 * The console restarts nodes because it started them; no other process could.
 */
public final class FarmLauncher implements AutoCloseable
{
    private static final Pattern READY = Pattern.compile("Open (http://127\\.0\\.0\\.1:\\d+/) in your browser");
    private static final Pattern JDBC_URL = Pattern.compile("JDBC URL: (jdbc:postgresql:\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final JarProcess launcher;
    private final URI uri;
    private final String jdbcUrl;

    private FarmLauncher(JarProcess launcher, URI uri, String jdbcUrl)
    {
        this.launcher = launcher;
        this.uri = uri;
        this.jdbcUrl = jdbcUrl;
    }

    public static FarmLauncher start(Mode mode, int nodes)
    {
        JarProcess launcher = JarProcess.start("farm-" + mode, List.of("-Xmx192m"), List.of("farm", "--mode",
            mode.flag(), "--nodes", String.valueOf(nodes), "--port", String.valueOf(Ports.free())),
            FarmJar.outputDirectory("e2e-logs").resolve("farm-launcher-" + mode + ".log"));
        try
        {
            URI uri = URI.create(launcher.awaitOutput(READY, START_TIMEOUT));
            return new FarmLauncher(launcher, uri, launcher.awaitOutput(JDBC_URL, Duration.ofSeconds(1)));
        }
        catch (RuntimeException e)
        {
            launcher.stop();
            throw e;
        }
    }

    /** The balancer; the console is at {@code /_farm/}. */
    public URI uri()
    {
        return uri;
    }

    /** The embedded PostgreSQL holding the shop's orders and survey answers. */
    public String jdbcUrl()
    {
        return jdbcUrl;
    }

    /** SIGTERM, as Ctrl-C would: the launcher stops everything it started. */
    @Override
    public void close()
    {
        launcher.stop();
    }
}
