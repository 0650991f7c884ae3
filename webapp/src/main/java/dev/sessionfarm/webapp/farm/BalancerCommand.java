package dev.sessionfarm.webapp.farm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.model.cli.Commands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code balancer}: the farm's balancer as a process of its own, in front of nodes started elsewhere (by hand, by a
 * service manager, by the end-to-end tests). The same {@link RetryingBalancer} the farm launcher runs, without the
 * farm console: the console restarts nodes, which only the process that started them can do.
 */
@Command(name = "balancer", sortOptions = false, header = "Run the farm's balancer alone, in front of "
    + "nodes started elsewhere.", description = {
        "Runs the farm's balancer in front of nodes started elsewhere: round-robin, and a request that could",
        "not be delivered to its node (down, restarting, stopping) goes to the next one. Stops on SIGTERM."})
public final class BalancerCommand implements Callable<Integer>
{
    /** What a caller waits for on the balancer's output. */
    public static final String LISTENING = "balancer listening on ";

    private static final Pattern MEMBER = Pattern.compile("(?:([A-Za-z0-9_-]+)=)?([^=,\\s]+:\\d{1,5})");

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "LIST", required = true, order = 1, description = {"the nodes, "
        + "comma-separated: host:port or name=host:port, e.g. 127.0.0.1:8081,127.0.0.1:8082. Unnamed nodes are "
        + "node1, node2, ... in the order given."})
    String nodes;

    @Option(names = "--port", paramLabel = "N", order = 2, description = "port to listen on (default 8080; 0 picks a free one)")
    int port = 8080;

    @Option(names = "--bind", paramLabel = "ADDRESS", order = 3, description = "address to listen on (default 127.0.0.1: this machine only)")
    String bind = "127.0.0.1";

    @Option(names = "--sticky", arity = "0..1", paramLabel = "true|false", order = 4, description = {
        "send each session's requests to the "
            + "node its id names (the id's \".name\" suffix, from the node's --worker-name); only memory mode needs this"})
    boolean sticky;

    /** @param members node name to base URL, in the order given */
    record Settings(String bind, int port, Map<String, String> members, boolean sticky)
    {
    }

    Settings settings()
    {
        Map<String, String> members = new LinkedHashMap<>();
        for (String entry : nodes.split(","))
        {
            Matcher m = MEMBER.matcher(entry.strip());
            if (!m.matches())
                throw Commands.usageError(spec, "--nodes: '" + entry.strip() + "' is not host:port or name=host:port");
            String name = m.group(1) != null ? m.group(1) : "node" + (members.size() + 1);
            if (members.put(name, "http://" + m.group(2)) != null)
                throw Commands.usageError(spec, "--nodes: the name '" + name + "' is given twice");
        }
        return new Settings(bind, Commands.inRange(spec, "--port", port, 0, 65535), members, sticky);
    }

    @Override
    public Integer call() throws Exception
    {
        Settings settings = settings();
        FarmBalancer balancer = FarmBalancer.start(settings.bind(), settings.port(), settings.members(),
            settings.sticky(), null);
        Runtime.getRuntime().addShutdownHook(new Thread(balancer::stop, "balancer-stop"));
        System.out.println("session-farm " + LISTENING + balancer.uri() + " (" + (settings.sticky()
            ? "sticky on the session id's node name" : "round-robin, not sticky") + ") for " + settings.members());
        balancer.join();
        return Commands.OK;
    }
}
