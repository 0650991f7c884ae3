package dev.sessionfarm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import dev.sessionfarm.embeddedpg.PostgresBinaries;
import dev.sessionfarm.process.Ports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL for tests. {@link #shared()} is one server per test JVM: the one named by {@code SESSION_TEST_JDBC_URL}
 * (environment or system property) if given, otherwise an embedded PostgreSQL started for the run, so a fresh machine
 * needs nothing installed. Each test takes its own empty database with {@link #newDatabase()}.
 * {@link #own()} is a private embedded server that a test may stop and restart: the shared one is never stopped.
 */
public final class TestPostgres implements AutoCloseable
{
    public static final String JDBC_URL_SETTING = "SESSION_TEST_JDBC_URL";
    private static TestPostgres shared;

    private final String adminUrl;
    private final Path dataDirectory;
    private final int port;
    private final boolean durable;
    private EmbeddedPostgres embedded;

    private TestPostgres(String adminUrl, EmbeddedPostgres embedded, Path dataDirectory, int port, boolean durable)
    {
        this.adminUrl = adminUrl;
        this.embedded = embedded;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.durable = durable;
    }

    public static synchronized TestPostgres shared()
    {
        if (shared == null)
        {
            String given = System.getProperty(JDBC_URL_SETTING, System.getenv(JDBC_URL_SETTING));
            shared = given != null && !given.isBlank() ? new TestPostgres(given, null, null, -1, false) : own();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-postgres-stop"));
        }
        return shared;
    }

    /** A private embedded server in a fresh data directory; {@link #stop()} and {@link #start()} keep its data. */
    public static TestPostgres own()
    {
        return own(false);
    }

    /**
     * A private server with fsync and synchronous_commit on, as a deployment runs it: a kill -9 loses no committed
     * transaction. Slower; for tests that kill the database and count what was acknowledged.
     */
    public static TestPostgres ownDurable()
    {
        return own(true);
    }

    private static TestPostgres own(boolean durable)
    {
        try
        {
            Path dir = Files.createTempDirectory("session-farm-pg-");
            int port = Ports.free();
            EmbeddedPostgres pg = startEmbedded(dir, port, durable);
            return new TestPostgres(pg.getJdbcUrl("postgres", "postgres"), pg, dir, port, durable);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("Cannot start an embedded PostgreSQL", e);
        }
    }

    private static EmbeddedPostgres startEmbedded(Path dir, int port, boolean durable) throws IOException
    {
        String onIfDurable = durable ? "on" : "off";
        return PostgresBinaries.builder(System.out::println)
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .setPort(port)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("fsync", onIfDurable)
            .setServerConfig("synchronous_commit", onIfDurable)
            .setServerConfig("max_connections", "200")
            .start();
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String newDatabase()
    {
        String name = "sf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement())
        {
            s.execute("CREATE DATABASE " + name);
        }
        catch (SQLException e)
        {
            throw new IllegalStateException("Cannot create a test database through " + adminUrl, e);
        }
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        return adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
    }

    public synchronized void stop()
    {
        requireOwn();
        try
        {
            if (embedded != null)
                embedded.close();
            embedded = null;
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void start()
    {
        requireOwn();
        try
        {
            if (embedded == null)
                embedded = startEmbedded(dataDirectory, port, durable);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's main process (its backends are its children); a private server only. */
    public ProcessHandle postmaster()
    {
        requireOwn();
        try
        {
            long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
            return ProcessHandle.of(pid).orElseThrow();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private void requireOwn()
    {
        if (dataDirectory == null || this == shared)
            throw new IllegalStateException("Only a private TestPostgres.own() server may be stopped or restarted");
    }

    /**
     * Stops the server; a private one's data directory is deleted with it, once no server runs on it any more (one
     * started again by a test with pg_ctl, after a kill, is not this handle's to stop: it is killed here).
     */
    @Override
    public synchronized void close()
    {
        try
        {
            if (embedded != null)
                embedded.close();
            embedded = null;
            if (dataDirectory != null)
            {
                killServerStillRunningOn(dataDirectory);
                try (var paths = Files.walk(dataDirectory))
                {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static void killServerStillRunningOn(Path dataDirectory)
    {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try
        {
            if (!Files.exists(pidFile))
                return;
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            ProcessHandle.of(pid).filter(p -> p.info().command().orElse("").endsWith("postgres")).ifPresent(p ->
            {
                p.destroyForcibly();
                p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
            });
        }
        catch (IOException | RuntimeException e)
        {
            System.err
                .println("TestPostgres: could not check for a server still running on " + dataDirectory + ": " + e);
        }
    }
}
