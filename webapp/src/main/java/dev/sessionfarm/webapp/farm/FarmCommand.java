package dev.sessionfarm.webapp.farm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.sessionfarm.model.cli.Commands;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.store.postgres.PostgresSettings;
import dev.sessionfarm.store.postgres.PostgresStoreProvider;
import dev.sessionfarm.store.stateserver.StateServerSettings;
import dev.sessionfarm.store.stateserver.StateServerStoreProvider;
import dev.sessionfarm.webapp.SessionSettingOptions;
import dev.sessionfarm.webapp.resume.ContinueLaterSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code farm}: a whole demo farm on this machine until Ctrl-C. */
@Command(name = "farm", sortOptions = false, header = "Start a demo farm on this machine: a database, state "
    + "servers, N web nodes and a balancer.", description = {
        "Starts a demo farm on this machine and prints where everything listens:",
        "  - a database: an embedded PostgreSQL (nothing to install) unless --jdbc-url is given; it holds",
        "    the shop's catalog, orders and survey answers, and the sessions in postgres mode;",
        "  - in state-server mode, the state server (one per partition), with a freshly generated shared key;",
        "  - N web nodes, each a child process on a free port;",
        "  - a balancer on --port in front of them (round-robin; sticky only in memory mode), which sends a",
        "    request to the next node when its node is down, and the farm console at /_farm/ to restart nodes.",
        "Ctrl-C stops all of it; the child processes also stop if the launcher is killed.",
        "The session settings and --continue-later-valid-for and --continue-later-attempts are passed on to every "
            + "node."})
public final class FarmCommand implements Callable<Integer>
{
    /** Session settings the launcher decides for its nodes itself, or that are options of its own. */
    private static final Set<String> NOT_PASSED_ON =
        Set.of(SessionSetting.MODE.flag(), PostgresSettings.JDBC_URL.flag(),
            SessionSetting.WORKER_NAME.flag(), StateServerSettings.STATE_SERVER.flag(),
            StateServerSettings.STATE_SERVER_KEY_FILE.flag());

    @Spec
    CommandSpec spec;

    @Option(names = "--mode", paramLabel = "MODE", order = 1, description = "memory, state-server (default) or postgres")
    String mode = StateServerStoreProvider.MODE;

    @Option(names = "--nodes", paramLabel = "N", order = 2, description = "number of web nodes (default 3)")
    int nodes = 3;

    @Option(names = "--partitions", paramLabel = "N", order = 3, description = {"spread the sessions over N state "
        + "servers (state-server mode) or N embedded PostgreSQL servers (postgres mode), each session in one, chosen "
        + "from its id (default 1); the console shows the sessions in each"})
    int partitions = 1;

    @Option(names = "--port", paramLabel = "N", order = 4, description = "balancer port (default 8080; 0 picks a free one)")
    int port = 8080;

    @Option(names = "--bind", paramLabel = "ADDRESS", order = 5, description = "balancer address (default 127.0.0.1: this machine only)")
    String bind = "127.0.0.1";

    @Option(names = "--jdbc-url", paramLabel = "URL", order = 6, description = "an existing PostgreSQL to use instead of the embedded one")
    String jdbcUrl = "";

    @Mixin
    ContinueLaterSettings.Options continueLater;

    private Map<String, String> sessionFlags = Map.of();

    private FarmCommand()
    {
    }

    public static CommandLine commandLine()
    {
        FarmCommand command = new FarmCommand();
        CommandLine line = new CommandLine(command);
        command.sessionFlags = SessionSettingOptions.addTo(line.getCommandSpec(), NOT_PASSED_ON);
        return line;
    }

    FarmSettings settings()
    {
        if (!FarmSettings.MODES.contains(mode))
            throw Commands.usageError(spec, "--mode: '" + mode + "' is not one of memory, state-server, postgres");
        Commands.inRange(spec, "--partitions", partitions, 1, 8);
        if (partitions > 1 && mode.equals(SessionSettings.MEMORY))
            throw Commands.usageError(spec, "--partitions: memory mode keeps each session in one node; partitions "
                + "are for state-server and postgres mode");
        if (partitions > 1 && !jdbcUrl.isEmpty())
            throw Commands.usageError(spec, "--partitions starts embedded PostgreSQL servers of its own and cannot "
                + "be combined with --jdbc-url");
        List<String> nodeArgs = new ArrayList<>();
        for (Map<String, String> flags : List.of(sessionFlags, continueLater.given()))
        {
            flags.forEach((flag, value) ->
            {
                nodeArgs.add("--" + flag);
                nodeArgs.add(value);
            });
        }
        return new FarmSettings(bind, Commands.inRange(spec, "--port", port, 0, 65535),
            Commands.inRange(spec, "--nodes", nodes, 1, 16), mode, partitions, jdbcUrl, nodeArgs);
    }

    @Override
    public Integer call() throws Exception
    {
        FarmSettings settings = settings();
        Farm farm;
        try
        {
            farm = new Farm(settings, System.out);
        }
        catch (Exception e)
        {
            System.err.println("farm: could not start: " + e.getMessage());
            return Commands.FAILURE;
        }
        // Registered before anything starts: Ctrl-C during start-up stops what was started so far, too.
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            System.out.println("Stopping the farm ...");
            farm.close();
            System.out.println("Farm stopped.");
        }, "farm-stop"));
        try
        {
            farm.start();
        }
        catch (Exception e)
        {
            System.err.println("farm: could not start: " + e.getMessage());
            return Commands.FAILURE;
        }
        farm.printSummary();
        farm.balancer().join();
        return Commands.OK;
    }
}
