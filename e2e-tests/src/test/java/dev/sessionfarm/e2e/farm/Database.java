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
import java.util.ArrayList;
import java.util.List;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.Lifeline;
import dev.sessionfarm.testing.TestPostgres;

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

    /** Stops PostgreSQL should this JVM die without running its shutdown hooks (kill -9). */
    private Lifeline lifeline;
    /** The pg_ctl command that brings it back after {@link #kill()}; null while it was not killed. */
    private List<String> killed;

    Database(FarmEvents events)
    {
        this.events = events;
        // Durable, as the demo farm's database runs: tests that kill it count every acknowledged step.
        this.server = TestPostgres.ownDurable();
        Leftovers.closeAtExit(server);
        this.jdbcUrl = server.newDatabase();
        lifeline = Lifeline.arm(postmaster(), "INT");
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
    public synchronized void stop()
    {
        disarm();
        server.stop();
    }

    /** Starts it again with its data (if it is not running). */
    public synchronized void start()
    {
        if (killed != null)
            startAfterKill();
        else
            server.start();
        if (lifeline == null)
            lifeline = Lifeline.arm(postmaster(), "INT");
    }

    private void disarm()
    {
        if (lifeline != null)
            lifeline.disarm();
        lifeline = null;
    }

    public void restart()
    {
        stop();
        start();
        events.restarted();
    }

    /** kill -9 of the postmaster; its backends notice and exit, and the next {@link #start()} recovers. */
    public synchronized void kill()
    {
        ProcessHandle postmaster = postmaster();
        Path pgCtl = Path.of(postmaster.info().command().orElseThrow()).resolveSibling("pg_ctl");
        Path dataDirectory = dataDirectory();
        disarm();
        var backends = postmaster.children().toList();
        FarmEvents.Event kill = events.killing("postgresql");
        postmaster.destroyForcibly();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> !postmaster.isAlive() && backends.stream().noneMatch(ProcessHandle::isAlive));
        kill.over();
        // -l: the server's output goes to a file; to pg_ctl's stdout it would keep that pipe open as long as it runs.
        killed = List.of(pgCtl.toString(), "-D", dataDirectory.toString(), "-l",
            dataDirectory.resolve("restart.log").toString(), "-w", "-t", "60", "restart");
    }

    /**
     * After a kill the embedded server's handle still believes it runs, and would not start it: {@code pg_ctl
     * restart} does, with the options it was started with (postmaster.opts), recovering from the log.
     */
    private void startAfterKill()
    {
        List<String> command = new ArrayList<>(killed);
        // As the embedded server does: PostgreSQL refuses to run as root, so as root it runs in a user namespace.
        if ("root".equals(ProcessHandle.current().info().user().orElse("")))
            command.addAll(0, List.of("unshare", "-U"));
        ChildProcess.command(command).name("pg_ctl").start().awaitSuccess(Duration.ofSeconds(90));
        killed = null;
    }

    private ProcessHandle postmaster()
    {
        try
        {
            String pid = Files.readAllLines(dataDirectory().resolve("postmaster.pid")).get(0).strip();
            return ProcessHandle.of(Long.parseLong(pid)).orElseThrow(() -> new IllegalStateException(
                "PostgreSQL's postmaster (pid " + pid + ") is not running"));
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private Path dataDirectory()
    {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT setting FROM pg_settings WHERE name = 'data_directory'"))
        {
            rows.next();
            return Path.of(rows.getString(1));
        }
        catch (SQLException e)
        {
            throw new IllegalStateException("Cannot ask PostgreSQL for its data directory", e);
        }
    }

    @Override
    public synchronized void close()
    {
        disarm();
        server.close();
        Leftovers.closed(server);
    }
}
