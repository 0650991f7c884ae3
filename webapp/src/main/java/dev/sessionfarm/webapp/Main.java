package dev.sessionfarm.webapp;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;

import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.store.postgres.MigrateCommand;
import dev.sessionfarm.store.postgres.Schema;
import dev.sessionfarm.webapp.farm.BalancerCommand;
import dev.sessionfarm.webapp.farm.FarmCommand;
import dev.sessionfarm.webapp.node.DemoDatabase;
import dev.sessionfarm.webapp.node.NodeCommand;

/** The one runnable jar's entry point: picks the command and hands it the remaining arguments. */
public final class Main
{
    static final String STATE_SERVER_MAIN = "dev.sessionfarm.stateserver.StateServerMain";

    private static final String USAGE = """
        Usage: java -jar session-farm.jar <command> [options]

        Commands:
          farm          Start a demo farm on one machine: a state server, a database (embedded PostgreSQL
                        unless --jdbc-url is given), N web nodes and a balancer. Ctrl-C stops all of it.
          node          Run one web node (the demo app in embedded Jetty) with the configured session mode.
          balancer      Run the farm's balancer alone, in front of nodes started elsewhere.
          state-server  Run the session state server.
          migrate       Apply the database migrations (session tables and the demo's tables).

        Run 'java -jar session-farm.jar <command> --help' for the options of a command.
        """;

    private Main()
    {
    }

    public static void main(String[] args) throws Exception
    {
        if (args.length == 0 || isHelp(args[0]))
        {
            System.out.print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0])
        {
            case "farm" -> FarmCommand.main(rest);
            case "node" -> NodeCommand.main(rest);
            case "balancer" -> BalancerCommand.main(rest);
            case "migrate" -> MigrateCommand.main(rest, List.of(Schema.SESSION, DemoDatabase.SCHEMA));
            case "state-server" -> runStateServer(rest, System.err);
            default ->
            {
                System.err.println("session-farm: unknown command '" + args[0] + "'");
                System.err.print(USAGE);
                System.exit(2);
            }
        }
    }

    public static boolean isHelp(String arg)
    {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }

    /** The value of a command's --port flag. */
    public static int port(String value)
    {
        try
        {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535)
                return port;
        }
        catch (NumberFormatException ignored)
        {
            // reported below
        }
        throw new ConfigException("--port: '" + value + "' is not a port number (0 to 65535; 0 picks a free one)");
    }

    /** The state server is a module of its own; it is called by name so that this jar works without it. */
    private static void runStateServer(String[] args, PrintStream err) throws Exception
    {
        try
        {
            Class.forName(STATE_SERVER_MAIN).getMethod("main", String[].class).invoke(null, (Object)args);
        }
        catch (ClassNotFoundException e)
        {
            err.println("session-farm: this build has no state server (" + STATE_SERVER_MAIN + " is missing)");
            System.exit(2);
        }
        catch (InvocationTargetException e)
        {
            if (e.getCause() instanceof Exception cause)
                throw cause;
            throw e;
        }
    }
}
