package dev.sessionfarm.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.sessionfarm.session.testing.TestPostgres;

import static org.awaitility.Awaitility.await;

/**
 * The farm's throwaway PostgreSQL: a server process of its own (an embedded PostgreSQL, {@link TestPostgres#own()})
 * with one fresh database for the demo's tables and, in postgres mode, the sessions. It can be stopped and started
 * keeping its data, or killed with -9 (the next start recovers from its write-ahead log).
 */
public final class Database implements AutoCloseable
{
    private final TestPostgres server;
    private final String jdbcUrl;
    private final FarmEvents events;

    Database(FarmEvents events)
    {
        this.events = events;
        this.server = TestPostgres.own();
        Leftovers.closeAtExit(server);
        this.jdbcUrl = server.newDatabase();
    }

    public String jdbcUrl()
    {
        return jdbcUrl;
    }

    public Connection connect() throws SQLException
    {
        return DriverManager.getConnection(jdbcUrl);
    }

    /** A fast shutdown: connections are cut, the data stays. */
    public void stop()
    {
        server.stop();
    }

    public void start()
    {
        server.start();
    }

    public void restart()
    {
        stop();
        start();
        events.restarted();
    }

    /** kill -9 of the postmaster; its backends notice and exit, and the next {@link #start()} recovers. */
    public void kill()
    {
        ProcessHandle postmaster = postmaster();
        var backends = postmaster.children().toList();
        FarmEvents.Event kill = events.killing("postgresql");
        postmaster.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !postmaster.isAlive() && backends.stream().noneMatch(ProcessHandle::isAlive));
        kill.over();
        try
        {
            // Lets the embedded server's handle go; pg_ctl finds nothing left to stop.
            server.stop();
        }
        catch (RuntimeException alreadyGone)
        {
            // expected: the server it would stop is dead
        }
    }

    private ProcessHandle postmaster()
    {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT setting FROM pg_settings WHERE name = 'data_directory'"))
        {
            rows.next();
            String pid = Files.readAllLines(Path.of(rows.getString(1), "postmaster.pid")).get(0).strip();
            return ProcessHandle.of(Long.parseLong(pid)).orElseThrow(() -> new IllegalStateException(
                "PostgreSQL's postmaster (pid " + pid + ") is not running"));
        }
        catch (SQLException e)
        {
            throw new IllegalStateException("Cannot ask PostgreSQL for its data directory", e);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close()
    {
        server.close();
        Leftovers.closed(server);
    }
}
