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
    private final StateServer stateServer;
    private final List<Node> nodes = new ArrayList<>();
    private final Balancer balancer;

    private Farm(Mode mode, int nodeCount, String sessionsJdbcUrl) throws IOException
    {
        this.mode = mode;
        this.workDirectory = Files.createTempDirectory("session-farm-e2e-" + mode + "-");
        this.logDirectory = FarmJar.outputDirectory("e2e-logs").resolve(mode + "-"
            + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss")));
        Files.createDirectories(logDirectory);
        this.database = new Database(events);
        this.sessionsJdbcUrl = sessionsJdbcUrl != null ? sessionsJdbcUrl : database.jdbcUrl();
        this.stateServer = mode == Mode.STATE_SERVER ? new StateServer(workDirectory, logDirectory, events) : null;
        for (int i = 1; i <= nodeCount; i++)
            nodes.add(new Node("node" + i, nodeSettings(List.of()), logDirectory, events));
        this.balancer = new Balancer(nodes, mode == Mode.MEMORY, logDirectory, events);
    }

    /** Starts a farm; whatever started before a failure is stopped again. */
    public static Farm start(Mode mode, int nodeCount)
    {
        return start(mode, nodeCount, null);
    }

    /** A postgres-mode farm whose sessions live in the database at {@code sessionsJdbcUrl} (the demo's stay local). */
    public static Farm start(Mode mode, int nodeCount, String sessionsJdbcUrl)
    {
        Farm farm;
        try
        {
            farm = new Farm(mode, nodeCount, sessionsJdbcUrl);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
        try
        {
            if (farm.stateServer != null)
                farm.stateServer.start();
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
        List<String> settings = new ArrayList<>(List.of("--mode", mode.flag(), "--demo-jdbc-url", database.jdbcUrl(),
            "--connect-timeout", CONNECT_TIMEOUT.toMillis() + "ms",
            "--network-timeout", NETWORK_TIMEOUT.toMillis() + "ms",
            "--statement-timeout", NETWORK_TIMEOUT.toMillis() + "ms"));
        if (mode == Mode.POSTGRES)
            settings.addAll(List.of("--jdbc-url", sessionsJdbcUrl));
        if (mode == Mode.STATE_SERVER)
            settings.addAll(List.of("--state-server", stateServer.address(), "--state-server-key-file",
                stateServer.keyFile().toString()));
        settings.addAll(extra);
        return settings;
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
        if (stateServer != null && !stateServer.isRunning())
            stateServer.start();
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

    /** The state server; state-server mode only. */
    public StateServer stateServer()
    {
        if (stateServer == null)
            throw new IllegalStateException("a " + mode + " farm has no state server");
        return stateServer;
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
        if (stateServer != null)
            quietly(stateServer::stop);
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
