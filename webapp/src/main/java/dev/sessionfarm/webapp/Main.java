package dev.sessionfarm.webapp;

import java.util.List;
import java.util.concurrent.Callable;

import dev.sessionfarm.model.cli.Commands;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.store.postgres.MigrateCommand;
import dev.sessionfarm.store.postgres.Schema;
import dev.sessionfarm.webapp.farm.BalancerCommand;
import dev.sessionfarm.webapp.farm.FarmCommand;
import dev.sessionfarm.webapp.node.DemoDatabase;
import dev.sessionfarm.webapp.node.NodeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The one runnable jar's entry point: its commands. Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration. */
@Command(name = "java -jar session-farm.jar", synopsisSubcommandLabel = "<command>", description = "The session-farm demo and its tools: a farm on one machine, or each of its parts alone.", commandListHeading = "%nCommands:%n", footer = {
    "", "Run 'java -jar session-farm.jar <command> --help' for the options of a command."})
public final class Main implements Callable<Integer>
{
    static final String STATE_SERVER_MAIN = "dev.sessionfarm.stateserver.StateServerMain";

    @Spec
    CommandSpec spec;

    private Main()
    {
    }

    public static void main(String[] args)
    {
        Commands.exit(commandLine(), args);
    }

    static CommandLine commandLine()
    {
        CommandLine line = new CommandLine(new Main()).addSubcommand(FarmCommand.commandLine())
            .addSubcommand(NodeCommand.commandLine()).addSubcommand(new BalancerCommand());
        CommandLine stateServer = stateServer();
        if (stateServer != null)
            line.addSubcommand("state-server", stateServer);
        line.addSubcommand(MigrateCommand.commandLine(List.of(Schema.SESSION, DemoDatabase.SCHEMA), System.getenv()))
            .addSubcommand(new CommandLine.HelpCommand());
        return Commands.configure(line, ConfigException.class);
    }

    /** Without a command: the list of commands, as a usage error. */
    @Override
    public Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Commands.USAGE;
    }

    /** The state server is a module of its own; it is looked up by name so that this jar works without it. */
    private static CommandLine stateServer()
    {
        try
        {
            return (CommandLine)Class.forName(STATE_SERVER_MAIN).getMethod("commandLine").invoke(null);
        }
        catch (ClassNotFoundException e)
        {
            return null;
        }
        catch (ReflectiveOperationException e)
        {
            throw new IllegalStateException(STATE_SERVER_MAIN + " cannot be run", e);
        }
    }
}
