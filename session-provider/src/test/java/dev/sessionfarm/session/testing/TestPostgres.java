package dev.sessionfarm.session.testing;

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
    private EmbeddedPostgres embedded;

    private TestPostgres(String adminUrl, EmbeddedPostgres embedded, Path dataDirectory, int port)
    {
        this.adminUrl = adminUrl;
        this.embedded = embedded;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    public static synchronized TestPostgres shared()
    {
        if (shared == null)
        {
            String given = System.getProperty(JDBC_URL_SETTING, System.getenv(JDBC_URL_SETTING));
            shared = given != null && !given.isBlank() ? new TestPostgres(given, null, null, -1) : own();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-postgres-stop"));
        }
        return shared;
    }

    /** A private embedded server in a fresh data directory; {@link #stop()} and {@link #start()} keep its data. */
    public static TestPostgres own()
    {
        try
        {
            Path dir = Files.createTempDirectory("session-farm-pg-");
            int port = freePort();
            EmbeddedPostgres pg = startEmbedded(dir, port);
            return new TestPostgres(pg.getJdbcUrl("postgres", "postgres"), pg, dir, port);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("Cannot start an embedded PostgreSQL", e);
        }
    }

    private static EmbeddedPostgres startEmbedded(Path dir, int port) throws IOException
    {
        return EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .setPort(port)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
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
                embedded = startEmbedded(dataDirectory, port);
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

    /** Stops the server; a private one's data directory is deleted with it. */
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

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
