package dev.sessionfarm.bench.farm;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.process.BuiltJars;
import dev.sessionfarm.bench.process.ManagedProcess;
import dev.sessionfarm.bench.stateserver.StateServerInstance;

/**
 * A farm as the product's jar runs it, one process each: N {@code node}s, the {@code balancer} in front of them
 * (sticky only in memory mode), and in state-server mode the state server. Started by the harness rather than by
 * the {@code farm} launcher, so that every JVM gets the options a benchmark needs (the launcher tunes its children
 * for a quick demo start: C1 only, small heaps) and a node can be restarted and timed.
 */
public final class LocalFarm implements AutoCloseable
{
    public static final String MEMORY = "memory";
    public static final String STATE_SERVER = "state-server";
    public static final String POSTGRES = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern BALANCER_URI = Pattern.compile("balancer listening on (http://\\S+/)");

    private final RunSettings settings;
    private final String mode;
    private final Path jar;
    private final List<String> jvmOptions;
    private final List<String> nodeArgs;
    private final List<ManagedProcess> nodes = new ArrayList<>();
    private final List<Integer> nodePorts = new ArrayList<>();
    private StateServerInstance stateServer;
    private ManagedProcess balancer;
    private URI balancerUri;

    private LocalFarm(RunSettings settings, String mode, List<String> jvmOptions, List<String> nodeArgs)
    {
        this.settings = settings;
        this.mode = mode;
        this.jar = BuiltJars.farmJar(settings);
        this.jvmOptions = jvmOptions;
        this.nodeArgs = nodeArgs;
    }

    /**
     * @param jdbcUrl    the demo's database, and in postgres mode the sessions'
     * @param jvmOptions for every JVM of the farm
     */
    public static LocalFarm start(RunSettings settings, String mode, int nodeCount, String jdbcUrl,
                                  List<String> jvmOptions)
    {
        List<String> args = new ArrayList<>(List.of("--mode", mode, "--demo-jdbc-url", jdbcUrl));
        LocalFarm farm = new LocalFarm(settings, mode, jvmOptions, args);
        try
        {
            if (mode.equals(POSTGRES))
                args.addAll(List.of("--jdbc-url", jdbcUrl));
            if (mode.equals(STATE_SERVER))
            {
                farm.stateServer = StateServerInstance.start(settings, "farm-state-server", jvmOptions,
                    List.of("--max-memory", "256m"));
                args.addAll(List.of("--state-server", farm.stateServer.address(), "--state-server-key-file",
                    farm.stateServer.keyFile().toString()));
            }
            for (int i = 0; i < nodeCount; i++)
                farm.nodePorts.add(ManagedProcess.freePort());
            for (int i = 0; i < nodeCount; i++)
                farm.nodes.add(farm.launchNode(i));
            for (int i = 0; i < nodeCount; i++)
                farm.nodes.get(i).awaitLogLine(" listening on ", START_TIMEOUT);
            farm.startBalancer();
            return farm;
        }
        catch (RuntimeException | Error e)
        {
            farm.close();
            throw e;
        }
    }

    public String mode()
    {
        return mode;
    }

    public URI balancer()
    {
        return balancerUri;
    }

    public URI node(int index)
    {
        return URI.create("http://127.0.0.1:" + nodePorts.get(index) + "/");
    }

    /** The process ids of the farm's JVMs: nodes, balancer and (in state-server mode) the state server. */
    public List<Long> pids()
    {
        List<Long> pids = new ArrayList<>();
        nodes.forEach(node -> pids.add(node.pid()));
        pids.add(balancer.pid());
        if (stateServer != null)
            pids.add(stateServer.pid());
        return pids;
    }

    public List<Long> nodePids()
    {
        return nodes.stream().map(ManagedProcess::pid).toList();
    }

    public long balancerPid()
    {
        return balancer.pid();
    }

    /** The state server's process id; empty in the modes that have none. */
    public List<Long> stateServerPids()
    {
        return stateServer == null ? List.of() : List.of(stateServer.pid());
    }

    /** Stops node {@code index} gracefully (SIGTERM) and waits for its process to end. */
    public void stopNode(int index)
    {
        nodes.get(index).stop();
    }

    /** Starts node {@code index} again on its port, without waiting for it: for timing how long it takes. */
    public void startNode(int index)
    {
        nodes.set(index, launchNode(index));
    }

    private ManagedProcess launchNode(int index)
    {
        String name = "node" + (index + 1);
        List<String> command = new ArrayList<>(List.of(ManagedProcess.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "node", "--port", String.valueOf(nodePorts.get(index)),
            "--worker-name", name));
        command.addAll(nodeArgs);
        return ManagedProcess.start(mode + "-" + name, command, settings.workDir().resolve(mode + "-" + name + ".log"));
    }

    private void startBalancer()
    {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < nodePorts.size(); i++)
            members.append(i == 0 ? "" : ",").append("node").append(i + 1).append("=127.0.0.1:").append(nodePorts.get(i));
        List<String> command = new ArrayList<>(List.of(ManagedProcess.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "balancer", "--port", "0", "--nodes", members.toString()));
        if (mode.equals(MEMORY))
            command.add("--sticky");
        balancer = ManagedProcess.start(mode + "-balancer", command, settings.workDir().resolve(mode + "-balancer.log"));
        Matcher uri = BALANCER_URI.matcher(balancer.awaitLogLine("balancer listening on ", START_TIMEOUT));
        if (!uri.find())
            throw new IllegalStateException("the balancer did not say where it listens");
        balancerUri = URI.create(uri.group(1));
    }

    /** Balancer first, then the nodes, then the state server: nothing is left running. */
    @Override
    public void close()
    {
        if (balancer != null)
            balancer.stop();
        ManagedProcess.stopAll(nodes);
        if (stateServer != null)
            stateServer.close();
        if (balancer != null)
            balancer.close();
        nodes.forEach(ManagedProcess::close);
    }
}
