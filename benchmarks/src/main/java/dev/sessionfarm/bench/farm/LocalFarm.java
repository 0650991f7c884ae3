package dev.sessionfarm.bench.farm;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.process.BuiltJars;
import dev.sessionfarm.bench.stateserver.StateServerInstance;
import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.Ports;

/**
 * A farm as the product's jar runs it, one process each: N {@code node}s, the {@code balancer} in front of them
 * (sticky only in memory mode), and in state-server mode one state server per partition (sharing one key; the nodes
 * spread sessions over them by session id). Started by the harness rather than by the {@code farm} launcher, so
 * that every JVM gets the options a benchmark needs (the launcher tunes its children for a quick demo start: C1
 * only, small heaps) and a node can be restarted and timed.
 */
public final class LocalFarm implements AutoCloseable
{
    public static final String MEMORY = "memory";
    public static final String STATE_SERVER = "state-server";
    public static final String POSTGRES = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern LISTENING = Pattern.compile(" listening on ");
    private static final Pattern BALANCER_URI = Pattern.compile("balancer listening on (http://\\S+/)");

    private final RunSettings settings;
    private final String mode;
    /** Names the farm's processes and logs: farms of one mode with different partition counts run side by side. */
    private final String name;
    private final Path jar;
    private final List<String> jvmOptions;
    private final List<String> nodeArgs;
    private final List<ChildProcess> nodes = new ArrayList<>();
    private final List<Integer> nodePorts = new ArrayList<>();
    private final List<StateServerInstance> stateServers = new ArrayList<>();
    private ChildProcess balancer;
    private URI balancerUri;

    private LocalFarm(RunSettings settings, String mode, String name, List<String> jvmOptions, List<String> nodeArgs)
    {
        this.settings = settings;
        this.mode = mode;
        this.name = name;
        this.jar = BuiltJars.farmJar(settings);
        this.jvmOptions = jvmOptions;
        this.nodeArgs = nodeArgs;
    }

    /** A farm whose sessions (in state-server mode) are all on one state server. */
    public static LocalFarm start(RunSettings settings, String mode, int nodeCount, String jdbcUrl,
                                  List<String> jvmOptions)
    {
        return start(settings, mode, nodeCount, 1, jdbcUrl, jvmOptions);
    }

    /**
     * @param partitions state servers of a state-server farm (ignored in the other modes)
     * @param jdbcUrl    the demo's database, and in postgres mode the sessions'
     * @param jvmOptions for every JVM of the farm
     */
    public static LocalFarm start(RunSettings settings, String mode, int nodeCount, int partitions, String jdbcUrl,
                                  List<String> jvmOptions)
    {
        boolean partitioned = mode.equals(STATE_SERVER) && partitions > 1;
        String name = partitioned ? mode + "-" + partitions + "-partitions" : mode;
        List<String> args = new ArrayList<>(List.of("--mode", mode, "--demo-jdbc-url", jdbcUrl));
        LocalFarm farm = new LocalFarm(settings, mode, name, jvmOptions, args);
        try
        {
            if (mode.equals(POSTGRES))
                args.addAll(List.of("--jdbc-url", jdbcUrl));
            if (mode.equals(STATE_SERVER))
                args.addAll(farm.startStateServers(partitions));
            for (int i = 0; i < nodeCount; i++)
                farm.nodePorts.add(Ports.free());
            for (int i = 0; i < nodeCount; i++)
                farm.nodes.add(farm.launchNode(i));
            for (int i = 0; i < nodeCount; i++)
                farm.nodes.get(i).awaitLine(LISTENING, START_TIMEOUT);
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

    /** The mode, and the partition count when there are several: "state-server-3-partitions". */
    public String name()
    {
        return name;
    }

    public URI balancer()
    {
        return balancerUri;
    }

    public URI node(int index)
    {
        return URI.create("http://127.0.0.1:" + nodePorts.get(index) + "/");
    }

    /** The process ids of the farm's JVMs: nodes, balancer and (in state-server mode) the state servers. */
    public List<Long> pids()
    {
        List<Long> pids = new ArrayList<>();
        nodes.forEach(node -> pids.add(node.pid()));
        pids.add(balancer.pid());
        pids.addAll(stateServerPids());
        return pids;
    }

    public List<Long> nodePids()
    {
        return nodes.stream().map(ChildProcess::pid).toList();
    }

    public long balancerPid()
    {
        return balancer.pid();
    }

    /** The state servers' process ids, one per partition; empty in the modes that have none. */
    public List<Long> stateServerPids()
    {
        return stateServers.stream().map(StateServerInstance::pid).toList();
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

    /** Starts the partitions with one key between them; returns the nodes' options that name them. */
    private List<String> startStateServers(int partitions)
    {
        String serverName = name + "-store";
        Path keyFile = StateServerInstance.generateKey(settings, serverName);
        for (int i = 1; i <= partitions; i++)
            stateServers.add(StateServerInstance.start(settings, partitions == 1 ? serverName : serverName + i,
                jvmOptions, List.of("--max-memory", "256m"), keyFile));
        String addresses = String.join(" ", stateServers.stream().map(StateServerInstance::address).toList());
        return List.of("--state-server", addresses, "--state-server-key-file", keyFile.toString());
    }

    private ChildProcess launchNode(int index)
    {
        String nodeName = "node" + (index + 1);
        return ChildProcess.javaJar(jar).name(name + "-" + nodeName).jvmOptions(jvmOptions)
            .args("node", "--port", String.valueOf(nodePorts.get(index)), "--worker-name", nodeName).args(nodeArgs)
            .log(settings.workDir().resolve(name + "-" + nodeName + ".log")).start();
    }

    private void startBalancer()
    {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < nodePorts.size(); i++)
            members.append(i == 0 ? "" : ",").append("node").append(i + 1).append("=127.0.0.1:")
                .append(nodePorts.get(i));
        balancer = ChildProcess.javaJar(jar).name(name + "-balancer").jvmOptions(jvmOptions)
            .args("balancer", "--port", "0", "--nodes", members.toString())
            .args(mode.equals(MEMORY) ? List.of("--sticky") : List.of())
            .log(settings.workDir().resolve(name + "-balancer.log")).start();
        balancerUri = URI.create(balancer.awaitLine(BALANCER_URI, START_TIMEOUT));
    }

    /** Balancer first, then the nodes, then the state servers: nothing is left running. */
    @Override
    public void close()
    {
        if (balancer != null)
            balancer.stop();
        ChildProcess.stopAll(nodes);
        stateServers.forEach(StateServerInstance::close);
        if (balancer != null)
            balancer.close();
        nodes.forEach(ChildProcess::close);
    }
}
