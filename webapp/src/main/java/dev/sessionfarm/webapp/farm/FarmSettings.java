package dev.sessionfarm.webapp.farm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.KnownSettings;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.store.postgres.PostgresStoreProvider;
import dev.sessionfarm.store.stateserver.StateServerSettings;
import dev.sessionfarm.store.stateserver.StateServerStoreProvider;
import dev.sessionfarm.webapp.resume.ContinueLaterSettings;

/**
 * The farm launcher's options.
 *
 * @param partitions how many stores the sessions are spread over: state servers, or embedded PostgreSQL servers
 * @param nodeArgs   session settings given to the launcher that it passes on to every node (e.g. {@code --timeout})
 */
record FarmSettings(String bind, int port, int nodes, String mode, int partitions, String jdbcUrl,
    List<String> nodeArgs)
{
    static final Set<String> MODES =
        Set.of(SessionSettings.MEMORY, StateServerStoreProvider.MODE, PostgresStoreProvider.MODE);
    /** Settings the launcher decides for its nodes itself. */
    private static final Set<String> OWN = Set.of("bind", "port", "nodes", "mode", "partitions", "jdbc-url");
    private static final Set<String> DECIDED_FOR_NODES = Set.of(SessionSetting.WORKER_NAME.flag(),
        StateServerSettings.STATE_SERVER.flag(), StateServerSettings.STATE_SERVER_KEY_FILE.flag());

    static FarmSettings parse(Map<String, String> flags)
    {
        List<String> nodeArgs = new ArrayList<>();
        for (Map.Entry<String, String> flag : flags.entrySet())
        {
            if (OWN.contains(flag.getKey()))
                continue;
            boolean sessionSetting = KnownSettings.onClassPath().byFlag(flag.getKey()).isPresent()
                || ContinueLaterSettings.isFlag(flag.getKey());
            if (!sessionSetting || DECIDED_FOR_NODES.contains(flag.getKey()))
                throw new ConfigException("--" + flag.getKey() + " is not a farm option (see farm --help)");
            nodeArgs.add("--" + flag.getKey());
            nodeArgs.add(flag.getValue());
        }
        String mode = flags.getOrDefault("mode", StateServerStoreProvider.MODE);
        if (!MODES.contains(mode))
            throw new ConfigException("--mode: '" + mode + "' is not one of memory, state-server, postgres");
        int partitions = number("partitions", flags.getOrDefault("partitions", "1"), 1, 8);
        if (partitions > 1 && mode.equals(SessionSettings.MEMORY))
            throw new ConfigException("--partitions: memory mode keeps each session in one node; partitions are for "
                + "state-server and postgres mode");
        String jdbcUrl = flags.getOrDefault("jdbc-url", "");
        if (partitions > 1 && !jdbcUrl.isEmpty())
            throw new ConfigException(
                "--partitions starts embedded PostgreSQL servers of its own and cannot be combined "
                    + "with --jdbc-url");
        return new FarmSettings(flags.getOrDefault("bind", "127.0.0.1"),
            number("port", flags.getOrDefault("port", "8080"), 0, 65535),
            number("nodes", flags.getOrDefault("nodes", "3"), 1, 16),
            mode, partitions, jdbcUrl, nodeArgs);
    }

    private static int number(String flag, String value, int min, int max)
    {
        try
        {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max)
                return n;
        }
        catch (NumberFormatException ignored)
        {
            // reported below
        }
        throw new ConfigException("--" + flag + ": '" + value + "' is not a number from " + min + " to " + max);
    }
}
