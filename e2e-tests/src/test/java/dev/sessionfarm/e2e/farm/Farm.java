package dev.sessionfarm.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A farm as a deployment runs it, every part a process of its own: a throwaway PostgreSQL (the demo's tables, and
 * the sessions in postgres mode), the state server (state-server mode), N nodes and the balancer. Any one of them
 * can be stopped, killed or restarted; {@link #close()} stops them all, and {@link Leftovers} makes sure of it.
 * With partitions, sessions are spread over several state servers, or over the farm's PostgreSQL and more of them.
 */
public final class Farm implements AutoCloseable
{
    /** Short store timeouts, so that an outage answers 503 quickly (and a test can say "within the timeout"). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(5);

    private final Mode mode;
    private final FarmEvents events = new FarmEvents();
    private final Path workDirectory;
    private final Path logDirectory;
    private final Database database;
    /** Where postgres mode keeps sessions: the farm's own database unless a test gives another. */
    private final String sessionsJdbcUrl;
    /** Postgres mode with partitions: the PostgreSQL servers of partitions 2 to N. */
    private final List<Database> moreSessionDatabases = new ArrayList<>();
    /** State-server mode: one per partition. */
    private final List<StateServer> stateServers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Balancer balancer;

    private Farm(Mode mode, int nodeCount, int partitions, String sessionsJdbcUrl) throws IOException
    {
        this.mode = mode;
        this.workDirectory = Files.createTempDirectory("session-farm-e2e-" + mode + "-");
        this.logDirectory = FarmJar.outputDirectory("e2e-logs").resolve(mode + "-"
            + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss")));
        Files.createDirectories(logDirectory);
        this.database = new Database(events);
        this.sessionsJdbcUrl = sessionsJdbcUrl != null ? sessionsJdbcUrl : database.jdbcUrl();
        if (mode == Mode.STATE_SERVER)
        {
            Path keyFile = StateServer.keygen(workDirectory, logDirectory);
            for (int i = 1; i <= partitions; i++)
                stateServers.add(new StateServer(i == 1 ? "state-server" : "state-server-" + i, keyFile,
                    workDirectory.resolve("state-data-" + i), logDirectory, events));
        }
        if (mode == Mode.POSTGRES)
            for (int i = 2; i <= partitions; i++)
                moreSessionDatabases.add(new Database(events));
        for (int i = 1; i <= nodeCount; i++)
            nodes.add(new Node("node" + i, nodeSettings(List.of()), logDirectory, events));
        this.balancer = new Balancer(nodes, mode == Mode.MEMORY, logDirectory, events);
    }

    /** Starts a farm; whatever started before a failure is stopped again. */
    public static Farm start(Mode mode, int nodeCount)
    {
        return start(mode, nodeCount, 1, null);
    }

    /** A postgres-mode farm whose sessions live in the database at {@code sessionsJdbcUrl} (the demo's stay local). */
    public static Farm start(Mode mode, int nodeCount, String sessionsJdbcUrl)
    {
        return start(mode, nodeCount, 1, sessionsJdbcUrl);
    }

    /** A farm whose sessions are spread over {@code partitions} state servers or PostgreSQL servers. */
    public static Farm partitioned(Mode mode, int nodeCount, int partitions)
    {
        if (mode == Mode.MEMORY || partitions < 2)
            throw new IllegalArgumentException("partitions are for state-server and postgres mode, two or more");
        return start(mode, nodeCount, partitions, null);
    }

    private static Farm start(Mode mode, int nodeCount, int partitions, String sessionsJdbcUrl)
    {
        Farm farm;
        try
        {
            farm = new Farm(mode, nodeCount, partitions, sessionsJdbcUrl);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
        try
        {
            farm.stateServers.forEach(StateServer::start);
            farm.eachNode(Node::start);
            farm.balancer.start();
            System.out.println("e2e: " + mode + " farm up: " + farm.nodes + ", " + farm.balancer + "; logs in "
                + farm.logDirectory);
            return farm;
        }
        catch (RuntimeException | Error e)
        {
            farm.close();
            throw e;
        }
    }

    /** The session settings every node gets, plus {@code extra} (e.g. a shorter session timeout). */
    private List<String> nodeSettings(List<String> extra)
    {
        return nodeSettings(partitionAddresses(), List.of(), extra);
    }

    /** With sessions placed by {@code partitions} and also looked for where {@code others} places them. */
    private List<String> nodeSettings(List<String> partitions, List<String> others, List<String> extra)
    {
        List<String> settings = new ArrayList<>(List.of("--mode", mode.flag(), "--demo-jdbc-url", database.jdbcUrl(),
            "--connect-timeout", CONNECT_TIMEOUT.toMillis() + "ms",
            "--network-timeout", NETWORK_TIMEOUT.toMillis() + "ms",
            "--statement-timeout", NETWORK_TIMEOUT.toMillis() + "ms"));
        if (mode == Mode.POSTGRES)
            settings.addAll(List.of("--jdbc-url", String.join(" ", partitions)));
        if (mode == Mode.STATE_SERVER)
            settings.addAll(List.of("--state-server", String.join(" ", partitions), "--state-server-key-file",
                stateServers.get(0).keyFile().toString()));
        if (!others.isEmpty())
            settings.addAll(List.of("--other-partitions", String.join(" ", others)));
        settings.addAll(extra);
        return settings;
    }

    /**
     * Adds a partition to the running farm as docs/deployment.md tells an operator to: start the new store, then
     * two rolling restarts of the nodes. In the first, each node keeps placing sessions by the old list and learns to
     * look where the new list places them; in the second, each places by the new list and still looks where the
     * old one did, so a session never moves. {@code beforeEachRestart} paces the restarts (e.g. waits for load).
     */
    public void addPartitionByRollingRestarts(Runnable beforeEachRestart)
    {
        List<String> before = partitionAddresses();
        int number = before.size() + 1;
        if (mode == Mode.STATE_SERVER)
        {
            StateServer added = new StateServer("state-server-" + number, stateServers.get(0).keyFile(),
                workDirectory.resolve("state-data-" + number), logDirectory, events);
            added.start();
            stateServers.add(added);
        }
        else
            moreSessionDatabases.add(new Database(events));
        List<String> after = partitionAddresses();
        rollNodes(nodeSettings(before, after, List.of()), beforeEachRestart);
        rollNodes(nodeSettings(after, before, List.of()), beforeEachRestart);
    }

    private void rollNodes(List<String> settings, Runnable beforeEachRestart)
    {
        for (Node node : nodes)
        {
            beforeEachRestart.run();
            node.use(settings);
            node.restart();
        }
    }

    /** Does {@code action} to every node at once and waits for all: nodes start faster together than in turn. */
    public void eachNode(Consumer<Node> action)
    {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Node node : nodes)
            all.add(CompletableFuture.runAsync(() -> action.accept(node)));
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
    }

    /** Stops every node, then starts them all again: for a moment the farm has no node at all. */
    public void restartAllNodesTogether()
    {
        eachNode(Node::stop);
        eachNode(Node::start);
        nodes.forEach(n -> events.restarted());
    }

    /** Restarts every node (together) with these session settings on top of the farm's. */
    public void restartNodesWith(List<String> extraSettings)
    {
        nodes.forEach(n -> n.use(nodeSettings(extraSettings)));
        restartAllNodesTogether();
    }

    /** Starts whatever a failed scenario left stopped, so that the next one begins with the whole farm. */
    public void heal()
    {
        database.start();
        moreSessionDatabases.forEach(Database::start);
        stateServers.stream().filter(s -> !s.isRunning()).forEach(StateServer::start);
        eachNode(node ->
        {
            if (!node.isRunning())
                node.start();
        });
        if (!balancer.isRunning())
            balancer.start();
    }

    public Mode mode()
    {
        return mode;
    }

    public URI uri()
    {
        return balancer.uri();
    }

    public List<Node> nodes()
    {
        return List.copyOf(nodes);
    }

    public Node node(String name)
    {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no node " + name + " in " + nodes));
    }

    public Balancer balancer()
    {
        return balancer;
    }

    public Database database()
    {
        return database;
    }

    /** The state servers, one per partition; state-server mode only. */
    public List<StateServer> stateServers()
    {
        if (stateServers.isEmpty())
            throw new IllegalStateException("a " + mode + " farm has no state server");
        return List.copyOf(stateServers);
    }

    /**
     * Where sessions live, one address per partition, exactly as the nodes are given them (a session's partition
     * is computed from these strings): state servers' host:port, or JDBC URLs.
     */
    public List<String> partitionAddresses()
    {
        if (mode == Mode.STATE_SERVER)
            return stateServers.stream().map(StateServer::address).toList();
        if (mode == Mode.POSTGRES)
        {
            List<String> urls = new ArrayList<>(List.of(sessionsJdbcUrl));
            moreSessionDatabases.forEach(d -> urls.add(d.jdbcUrl()));
            return urls;
        }
        return List.of();
    }

    /** Partition {@code number} (from 1) as something a test can stop, kill and start again. */
    public Store partition(int number)
    {
        if (mode == Mode.STATE_SERVER)
        {
            StateServer server = stateServers.get(number - 1);
            return new Store(server::kill, server::start);
        }
        Database db = number == 1 ? database : moreSessionDatabases.get(number - 2);
        return new Store(db::kill, db::start);
    }

    /** A session store as a failure test handles it. */
    public record Store(Runnable kill, Runnable start)
    {
    }

    public FarmEvents events()
    {
        return events;
    }

    public Path logDirectory()
    {
        return logDirectory;
    }

    /** Stops the balancer, the nodes (together), the state server and PostgreSQL; kills what does not stop. */
    @Override
    public void close()
    {
        quietly(balancer::stop);
        quietly(() -> eachNode(Node::stop));
        stateServers.forEach(s -> quietly(s::stop));
        moreSessionDatabases.forEach(d -> quietly(d::close));
        quietly(database::close);
        try (var paths = Files.walk(workDirectory))
        {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList())
                Files.deleteIfExists(p);
        }
        catch (IOException e)
        {
            System.err.println("e2e: could not remove " + workDirectory + ": " + e);
        }
    }

    private static void quietly(Runnable step)
    {
        try
        {
            step.run();
        }
        catch (RuntimeException e)
        {
            System.err.println("e2e: stopping part of the farm failed: " + e);
        }
    }
}
