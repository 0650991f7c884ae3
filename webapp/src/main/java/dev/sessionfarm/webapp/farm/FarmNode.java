package dev.sessionfarm.webapp.farm;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.webapp.Main;
import dev.sessionfarm.webapp.node.NodeCommand;

/**
 * One web node of the farm, as a child process. Its first start takes any free port; restarts reuse that port, so
 * the balancer's member list never changes.
 */
final class FarmNode
{
    private static final Pattern LISTENING =
        Pattern.compile(Pattern.quote(NodeCommand.LISTENING) + "http://[^:]+:(\\d+)/");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    enum State
    {
        STARTING, RUNNING, STOPPING, RESTARTING, EXITED, STOPPED
    }

    private final String name;
    private final String bind;
    private final List<String> nodeArgs;
    /** Settings with secrets (database URLs with a password), which other users could read on a command line. */
    private final Map<String, String> environment;
    private final PrintStream out;
    private volatile int port;
    private volatile State state = State.STOPPED;
    private volatile ChildProcess process;
    private volatile Instant startedAt;

    FarmNode(String name, String bind, List<String> nodeArgs, Map<String, String> environment, PrintStream out)
    {
        this.name = name;
        this.bind = bind;
        this.nodeArgs = List.copyOf(nodeArgs);
        this.environment = Map.copyOf(environment);
        this.out = out;
    }

    /** Starts the node and returns once it serves requests. */
    synchronized void start() throws Exception
    {
        state = state == State.RESTARTING ? State.RESTARTING : State.STARTING;
        List<String> args = new ArrayList<>(List.of("node", "--worker-name", name, "--bind", bind, "--port",
            String.valueOf(port)));
        args.addAll(nodeArgs);
        ChildProcess child = FarmProcesses.start(name, List.of("-Xmx256m"), environment, Main.class, args, out);
        process = child;
        try
        {
            port = Integer.parseInt(
                FarmProcesses.awaitingValue(Farm.CHECK_LAST_LINES, () -> child.awaitLine(LISTENING, START_TIMEOUT)));
        }
        catch (RuntimeException e)
        {
            child.stop();
            state = State.EXITED;
            throw e;
        }
        startedAt = Instant.now();
        state = State.RUNNING;
        child.onExit().thenRun(() ->
        {
            if (process == child && state == State.RUNNING)
                state = State.EXITED;
        });
    }

    /** Stops the node gracefully: in-flight requests finish, new ones go to the other nodes meanwhile. */
    synchronized void stop()
    {
        ChildProcess child = process;
        if (child == null)
            return;
        if (state != State.RESTARTING)
            state = State.STOPPING;
        child.stop();
        if (state != State.RESTARTING)
            state = State.STOPPED;
    }

    synchronized void restart() throws Exception
    {
        state = State.RESTARTING;
        stop();
        start();
    }

    String name()
    {
        return name;
    }

    String url()
    {
        return "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port;
    }

    State state()
    {
        return state;
    }

    /** The current process id, or 0 when none runs. */
    long pid()
    {
        ChildProcess child = process;
        return child != null && child.isAlive() ? child.pid() : 0;
    }

    /** Time since the current process started serving; zero when it is not running. */
    Duration uptime()
    {
        Instant started = startedAt;
        return state == State.RUNNING && started != null ? Duration.between(started, Instant.now()) : Duration.ZERO;
    }
}
