package dev.sessionfarm.webapp.farm;

import java.io.PrintStream;

import dev.sessionfarm.session.config.CommandLineFlags;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.webapp.Main;

/** {@code farm}: a whole demo farm on this machine until Ctrl-C. */
public final class FarmCommand
{
    private FarmCommand()
    {
    }

    public static void main(String[] args) throws Exception
    {
        if (args.length > 0 && Main.isHelp(args[0]))
        {
            printHelp(System.out);
            return;
        }
        FarmSettings settings;
        try
        {
            settings = FarmSettings.parse(CommandLineFlags.parse(args));
        }
        catch (ConfigException e)
        {
            System.err.println("farm: " + e.getMessage());
            System.exit(2);
            return;
        }
        Farm farm = new Farm(settings, System.out);
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
            System.exit(1);
            return;
        }
        farm.printSummary();
        farm.balancer().join();
    }

    static void printHelp(PrintStream out)
    {
        out.print("""
            Usage: java -jar session-farm.jar farm [options]

            Starts a demo farm on this machine and prints where everything listens:
              - a database: an embedded PostgreSQL (nothing to install) unless --jdbc-url is given; it holds
                the shop's catalog, orders and survey answers, and the sessions in postgres mode;
              - in state-server mode, the state server (one per partition), with a freshly generated shared key;
              - N web nodes, each a child process on a free port;
              - a balancer on --port in front of them (round-robin; sticky only in memory mode), which sends a
                request to the next node when its node is down, and the farm console at /_farm/ to restart nodes.
            Ctrl-C stops all of it; the child processes also stop if the launcher is killed.

            Options:
              --mode MODE      memory, state-server (default) or postgres
              --nodes N        number of web nodes (default 3)
              --partitions N   spread the sessions over N state servers (state-server mode) or N embedded
                               PostgreSQL servers (postgres mode), each session in one, chosen from its id
                               (default 1); the console shows the sessions in each
              --port N         balancer port (default 8080; 0 picks a free one)
              --bind ADDRESS   balancer address (default 127.0.0.1: this machine only)
              --jdbc-url URL   an existing PostgreSQL to use instead of the embedded one
            Any other session setting (see node --help), e.g. --timeout 5m, and --continue-later-valid-for and
            --continue-later-attempts are passed on to every node.
            """);
    }
}
