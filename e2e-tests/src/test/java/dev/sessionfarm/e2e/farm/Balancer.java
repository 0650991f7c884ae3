package dev.sessionfarm.e2e.farm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The webapp's balancer as a process of its own: round-robin over the nodes, sticky in memory mode. */
public final class Balancer extends Service
{
    private static final Pattern LISTENING = Pattern.compile("balancer listening on (http://\\S+)");

    private final List<Node> nodes;
    private final boolean sticky;

    Balancer(List<Node> nodes, boolean sticky, Path logDirectory, FarmEvents events)
    {
        super("balancer", logDirectory, events);
        this.nodes = List.copyOf(nodes);
        this.sticky = sticky;
    }

    @Override
    List<String> command()
    {
        List<String> members = new ArrayList<>();
        for (Node node : nodes)
            members.add(node.name() + "=" + node.address());
        List<String> command = new ArrayList<>(List.of("balancer", "--bind", "127.0.0.1", "--port",
            String.valueOf(port()), "--nodes", String.join(",", members)));
        if (sticky)
            command.add("--sticky");
        return command;
    }

    @Override
    List<String> jvmOptions()
    {
        return List.of("-Xmx192m");
    }

    @Override
    Pattern ready()
    {
        return LISTENING;
    }
}
