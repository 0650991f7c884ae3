package dev.sessionfarm.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.Ports;

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

    private final ChildProcess launcher;
    private final URI uri;
    private final String jdbcUrl;

    private FarmLauncher(ChildProcess launcher, URI uri, String jdbcUrl)
    {
        this.launcher = launcher;
        this.uri = uri;
        this.jdbcUrl = jdbcUrl;
    }

    public static FarmLauncher start(Mode mode, int nodes)
    {
        return start(mode, nodes, List.of());
    }

    /** With more options for the {@code farm} command, e.g. a session setting every node gets. */
    public static FarmLauncher start(Mode mode, int nodes, List<String> options)
    {
        List<String> command = new java.util.ArrayList<>(List.of("farm", "--mode", mode.flag(), "--nodes",
            String.valueOf(nodes), "--port", String.valueOf(Ports.free())));
        command.addAll(options);
        ChildProcess launcher = FarmJar.start("farm-" + mode, List.of("-Xmx192m"), command,
            FarmJar.outputDirectory("e2e-logs").resolve("farm-launcher-" + mode + ".log"));
        try
        {
            URI uri = URI.create(launcher.awaitLine(READY, START_TIMEOUT));
            String jdbcUrl = launcher.awaitLine(JDBC_URL, Duration.ofSeconds(1));
            return new FarmLauncher(launcher, uri, jdbcUrl + "&password=" + databasePassword(launcher.pid()));
        }
        catch (RuntimeException e)
        {
            launcher.stop();
            throw e;
        }
    }

    /**
     * The farm's database wants the password it generated, which the launcher keeps in its work folder (readable
     * by this user only): the one whose {@code launcher.pid} names this launcher.
     */
    private static String databasePassword(long launcherPid)
    {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "session-farm-run-*"))
        {
            for (Path dir : dirs)
                if (Files.readString(dir.resolve("launcher.pid")).strip().equals(String.valueOf(launcherPid)))
                    return Files.readString(dir.resolve("postgres.password")).strip();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no work folder of the farm launcher " + launcherPid + " in " + tmp);
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
