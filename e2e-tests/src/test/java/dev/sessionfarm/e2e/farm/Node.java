package dev.sessionfarm.e2e.farm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A web node: {@code node --worker-name nodeN --port P} with the farm's session settings. */
public final class Node extends Service
{
    private static final Pattern LISTENING = Pattern.compile(" listening on (http://\\S+)");

    private volatile List<String> settings;

    Node(String name, List<String> settings, Path logDirectory, FarmEvents events)
    {
        super(name, logDirectory, events);
        this.settings = List.copyOf(settings);
    }

    /** Session settings for the next start, e.g. a shorter timeout. */
    void use(List<String> newSettings)
    {
        settings = List.copyOf(newSettings);
    }

    @Override
    List<String> command()
    {
        List<String> command = new ArrayList<>(List.of("node", "--worker-name", name(), "--bind", "127.0.0.1",
            "--port", String.valueOf(port())));
        command.addAll(settings);
        return command;
    }

    @Override
    Pattern ready()
    {
        return LISTENING;
    }
}
