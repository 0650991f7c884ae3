package dev.sessionfarm.webapp.farm;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.session.config.CommandLineFlags;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.webapp.Main;

/**
 * {@code balancer}: the farm's balancer as a process of its own, in front of nodes started elsewhere (by hand, by a
 * service manager, by the end-to-end tests). The same {@link RetryingBalancer} the farm launcher runs, without the
 * farm console: the console restarts nodes, which only the process that started them can do.
 */
public final class BalancerCommand
{
    /** What a caller waits for on the balancer's output. */
    public static final String LISTENING = "balancer listening on ";

    private static final Set<String> FLAGS = Set.of("bind", "port", "nodes", "sticky");
    private static final Pattern MEMBER = Pattern.compile("(?:([A-Za-z0-9_-]+)=)?([^=,\\s]+:\\d{1,5})");

    private BalancerCommand()
    {
    }

    /** @param members node name to base URL, in the order given */
    record Settings(String bind, int port, Map<String, String> members, boolean sticky)
    {
        static Settings parse(Map<String, String> flags)
        {
            Set<String> unknown = new TreeSet<>(flags.keySet());
            unknown.removeAll(FLAGS);
            if (!unknown.isEmpty())
                throw new ConfigException(
                    "Unknown option(s) --" + String.join(", --", unknown) + " (see balancer --help)");
            String nodes = flags.getOrDefault("nodes", "");
            if (nodes.isBlank())
                throw new ConfigException(
                    "--nodes is required: the nodes' addresses, e.g. --nodes 127.0.0.1:8081,127.0.0.1:8082");
            Map<String, String> members = new LinkedHashMap<>();
            for (String entry : nodes.split(","))
            {
                Matcher m = MEMBER.matcher(entry.strip());
                if (!m.matches())
                    throw new ConfigException("--nodes: '" + entry.strip() + "' is not host:port or name=host:port");
                String name = m.group(1) != null ? m.group(1) : "node" + (members.size() + 1);
                if (members.put(name, "http://" + m.group(2)) != null)
                    throw new ConfigException("--nodes: the name '" + name + "' is given twice");
            }
            String sticky = flags.getOrDefault("sticky", "false");
            if (!sticky.equals("true") && !sticky.equals("false"))
                throw new ConfigException("--sticky takes no value (or true/false), not '" + sticky + "'");
            return new Settings(flags.getOrDefault("bind", "127.0.0.1"), Main.port(flags.getOrDefault("port", "8080")),
                members, Boolean.parseBoolean(sticky));
        }
    }

    public static void main(String[] args) throws Exception
    {
        if (args.length > 0 && Main.isHelp(args[0]))
        {
            printHelp(System.out);
            return;
        }
        Settings settings;
        try
        {
            settings = Settings.parse(CommandLineFlags.parse(args));
        }
        catch (ConfigException e)
        {
            System.err.println("balancer: " + e.getMessage());
            System.exit(2);
            return;
        }
        FarmBalancer balancer = FarmBalancer.start(settings.bind(), settings.port(), settings.members(),
            settings.sticky(), null);
        Runtime.getRuntime().addShutdownHook(new Thread(balancer::stop, "balancer-stop"));
        System.out.println("session-farm " + LISTENING + balancer.uri() + " (" + (settings.sticky()
            ? "sticky on the session id's node name" : "round-robin, not sticky") + ") for " + settings.members());
        balancer.join();
    }

    static void printHelp(PrintStream out)
    {
        out.print("""
            Usage: java -jar session-farm.jar balancer --nodes ADDRESSES [options]

            Runs the farm's balancer in front of nodes started elsewhere: round-robin, and a request that could
            not be delivered to its node (down, restarting, stopping) goes to the next one. Stops on SIGTERM.

            Options:
              --nodes LIST     the nodes, comma-separated: host:port or name=host:port. Unnamed nodes are
                               node1, node2, ... in the order given. Required.
              --port N         port to listen on (default 8080; 0 picks a free one)
              --bind ADDRESS   address to listen on (default 127.0.0.1: this machine only)
              --sticky         send each session's requests to the node its id names (the id's ".name" suffix,
                               from the node's --worker-name); only memory mode needs this
            """);
    }
}
