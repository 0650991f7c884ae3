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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.Lifeline;
import dev.sessionfarm.process.Ports;

import static org.awaitility.Awaitility.await;

/**
 * Two throwaway PostgreSQL servers as a deployment pairs them: a primary and a streaming standby made from it with
 * {@code pg_basebackup}, synchronous ({@code synchronous_standby_names = '*'}, so a commit is acknowledged only once
 * the standby has it) or asynchronous. Nodes reach them through one multi-host JDBC URL with
 * {@code targetServerType=primary}, so whichever is primary serves. The embedded PostgreSQL has no
 * {@code pg_basebackup}: this uses the system's (Debian's {@code postgresql} package).
 */
public final class ReplicatedPostgres implements AutoCloseable
{
    private static final String DATABASE = "sessions";

    private final Path binaries;
    private final Path root;
    private final Server primary;
    private final Server standby;
    private final List<Lifeline> lifelines = new ArrayList<>();

    private record Server(Path data, int port)
    {
        String adminUrl()
        {
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&connectTimeout=2";
        }
    }

    private ReplicatedPostgres(Path binaries, Path root)
    {
        this.binaries = binaries;
        this.root = root;
        this.primary = new Server(root.resolve("primary"), Ports.free());
        this.standby = new Server(root.resolve("standby"), Ports.free());
    }

    /** Starts the pair and waits until the standby streams (and, if {@code synchronous}, is the synchronous one). */
    public static ReplicatedPostgres start(boolean synchronous)
    {
        ReplicatedPostgres pair;
        try
        {
            pair = new ReplicatedPostgres(systemBinaries(), Files.createTempDirectory("session-farm-pg-pair-"));
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
        Leftovers.closeAtExit(pair);
        try
        {
            pair.run("initdb", "-D", pair.primary.data().toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8");
            pair.configure(pair.primary, List.of("wal_level = replica", "max_wal_senders = 4",
                "wal_keep_size = '256MB'", "synchronous_standby_names = '" + (synchronous ? "*" : "") + "'"));
            pair.startServer(pair.primary);
            pair.run("pg_basebackup", "-h", "127.0.0.1", "-p", String.valueOf(pair.primary.port()), "-U", "postgres",
                "-D", pair.standby.data().toString(), "-R", "-X", "stream", "-c", "fast");
            // Once promoted it is alone: waiting for a standby of its own would hold every commit (an operator or
            // Patroni sets this when promoting).
            pair.configure(pair.standby, List.of("synchronous_standby_names = ''"));
            pair.startServer(pair.standby);
            String wanted = synchronous ? "sync" : "async";
            await().atMost(Duration.ofSeconds(30)).until(() -> wanted.equals(pair.replicationState()));
            try (Connection c = DriverManager.getConnection(pair.primary.adminUrl()); Statement s = c.createStatement())
            {
                s.execute("CREATE DATABASE " + DATABASE);
            }
            return pair;
        }
        catch (SQLException | RuntimeException e)
        {
            pair.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** Both servers, primary first: the driver tries them in turn and keeps the one that is primary. */
    public String jdbcUrl()
    {
        return "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port() + "/" + DATABASE
            + "?user=postgres&targetServerType=primary";
    }

    /** kill -9 of the primary's postmaster and every backend: a machine gone, nothing flushed on the way out. */
    public void killPrimary(FarmEvents events)
    {
        System.out.println("e2e: replication before the kill: " + replicationLag());
        ProcessHandle postmaster = postmaster(primary);
        List<ProcessHandle> backends = postmaster.children().toList();
        FarmEvents.Event kill = events.killing("postgresql primary");
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(30)).until(() -> !postmaster.isAlive()
            && backends.stream().noneMatch(ProcessHandle::isAlive));
        kill.over();
    }

    /** kill -9 of the standby: with synchronous replication the primary's commits now wait for it. */
    public void killStandby(FarmEvents events)
    {
        ProcessHandle postmaster = postmaster(standby);
        List<ProcessHandle> children = postmaster.children().toList();
        FarmEvents.Event kill = events.killing("postgresql standby");
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(30)).until(() -> !postmaster.isAlive()
            && children.stream().noneMatch(ProcessHandle::isAlive));
        kill.over();
    }

    /** Starts the killed standby again: it recovers, streams from the primary, and releases the waiting commits. */
    public void restartStandby(FarmEvents events)
    {
        startServer(standby);
        await().atMost(Duration.ofSeconds(60)).until(() -> "sync".equals(replicationState()));
        events.restarted();
    }

    /** What an operator (or Patroni) does next: the standby becomes the primary and takes writes. */
    public void promoteStandby(FarmEvents events)
    {
        run("pg_ctl", "-D", standby.data().toString(), "-w", "-t", "60", "promote");
        events.restarted();
    }

    /** How far the standby was behind, as the primary saw it last. */
    private String replicationLag()
    {
        try (Connection c = DriverManager.getConnection(primary.adminUrl()); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT sync_state, pg_current_wal_lsn() - flush_lsn, flush_lag "
                 + "FROM pg_stat_replication"))
        {
            return rows.next() ? rows.getString(1) + ", " + rows.getLong(2) + " bytes of WAL not yet flushed by the "
                + "standby, flush lag " + rows.getString(3) : "no standby streaming";
        }
        catch (SQLException e)
        {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** "sync", "async", or null while no standby streams. */
    private String replicationState() throws SQLException
    {
        try (Connection c = DriverManager.getConnection(primary.adminUrl()); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT sync_state FROM pg_stat_replication WHERE state = 'streaming'"))
        {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /** Each server its own port and socket folder; durable, as docs/deployment.md asks of a session database. */
    private void configure(Server server, List<String> extra)
    {
        List<String> settings = new ArrayList<>(List.of("port = " + server.port(), "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = '" + server.data() + "'", "fsync = on", "synchronous_commit = on",
            "max_connections = 200", "shared_buffers = '32MB'"));
        settings.addAll(extra);
        try
        {
            Files.writeString(server.data().resolve("postgresql.conf"), "\n" + String.join("\n", settings) + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private void startServer(Server server)
    {
        run("pg_ctl", "-D", server.data().toString(), "-l", server.data().resolve("server.log").toString(), "-w",
            "-t", "60", "start");
        lifelines.add(Lifeline.arm(postmaster(server), "QUIT"));
    }

    private static ProcessHandle postmaster(Server server)
    {
        try
        {
            long pid = Long.parseLong(Files.readAllLines(server.data().resolve("postmaster.pid")).get(0).strip());
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("PostgreSQL on port "
                + server.port() + " (pid " + pid + ") is not running"));
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * PostgreSQL refuses to run as root; as root, a user namespace makes it someone else, as the embedded server
     * does, and the files it writes stay owned by this user.
     */
    private void run(String program, String... arguments)
    {
        List<String> command = new ArrayList<>();
        if ("root".equals(ProcessHandle.current().info().user().orElse("")))
            command.addAll(List.of("unshare", "-U"));
        command.add(binaries.resolve(program).toString());
        command.addAll(List.of(arguments));
        ChildProcess.command(command).name(program).start().awaitSuccess(Duration.ofSeconds(90));
    }

    /** The newest installed PostgreSQL, or the folder named by {@code SESSION_TEST_PG_BIN}. */
    private static Path systemBinaries()
    {
        String given = System.getenv("SESSION_TEST_PG_BIN");
        if (given != null && !given.isBlank())
            return Path.of(given);
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql")))
        {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_basebackup")))
                .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                .orElseThrow();
        }
        catch (IOException | RuntimeException e)
        {
            throw new IllegalStateException("The failover test needs PostgreSQL's server programs (pg_basebackup, "
                + "pg_ctl): apt-get install postgresql, or name their folder in SESSION_TEST_PG_BIN", e);
        }
    }

    /** Stops what still runs (immediately: nothing here is kept) and deletes both data folders. */
    @Override
    public void close()
    {
        lifelines.forEach(Lifeline::disarm);
        lifelines.clear();
        for (Server server : List.of(primary, standby))
            if (Files.exists(server.data().resolve("postmaster.pid")))
            {
                try
                {
                    run("pg_ctl", "-D", server.data().toString(), "-m", "immediate", "-w", "stop");
                }
                catch (RuntimeException alreadyGone)
                {
                    System.err.println("e2e: " + alreadyGone.getMessage());
                }
            }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList())
                Files.deleteIfExists(p);
        }
        catch (IOException e)
        {
            System.err.println("e2e: could not remove " + root + ": " + e);
        }
        Leftovers.closed(this);
    }
}
