package dev.sessionfarm.e2e.farm;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.Ports;

/**
 * One process of the farm run from the webapp jar, on a loopback port it keeps across restarts (so that nothing
 * pointing at it needs to change). Start, stop (SIGTERM, graceful), kill (-9), restart.
 */
public abstract class Service
{
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private final int port;
    private final Path log;
    private final FarmEvents events;
    private volatile ChildProcess process;

    Service(String name, Path logDirectory, FarmEvents events)
    {
        this.name = name;
        this.port = Ports.free();
        this.log = logDirectory.resolve(name + ".log");
        this.events = events;
    }

    /** The jar's command and options. */
    abstract List<String> command();

    /** The output line that says the process serves. */
    abstract Pattern ready();

    List<String> jvmOptions()
    {
        return List.of("-Xmx256m");
    }

    /** Starts the process and returns once it serves. */
    public synchronized void start()
    {
        if (process != null && process.isAlive())
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        process = FarmJar.start(name, jvmOptions(), command(), log);
        try
        {
            process.awaitLine(ready(), START_TIMEOUT);
        }
        catch (RuntimeException e)
        {
            process.kill();
            throw e;
        }
    }

    /** SIGTERM and wait: a node finishes the requests it has and refuses new ones in a way the balancer retries. */
    public synchronized void stop()
    {
        if (process != null && process.isAlive())
        {
            FarmEvents.Event stop = events.stopping(name);
            process.stop();
            stop.over();
        }
    }

    /** kill -9 and wait until it is gone; the kill is recorded in the farm's events. */
    public synchronized void kill()
    {
        FarmEvents.Event kill = events.killing(name);
        process.kill();
        kill.over();
    }

    public void restart()
    {
        stop();
        start();
        events.restarted();
    }

    public void killAndRestart()
    {
        kill();
        start();
        events.restarted();
    }

    /** Waits until the running process prints a line matching {@code pattern} (or did since its start). */
    public String awaitOutput(Pattern pattern, Duration timeout)
    {
        ChildProcess current = process;
        if (current == null)
            throw new IllegalStateException(name + " was never started");
        return current.awaitLine(pattern, timeout);
    }

    public String name()
    {
        return name;
    }

    public int port()
    {
        return port;
    }

    public String address()
    {
        return "127.0.0.1:" + port;
    }

    public URI uri()
    {
        return URI.create("http://" + address() + "/");
    }

    public boolean isRunning()
    {
        ChildProcess current = process;
        return current != null && current.isAlive();
    }

    public long pid()
    {
        ChildProcess current = process;
        return current == null ? 0 : current.pid();
    }

    public Path log()
    {
        return log;
    }

    @Override
    public String toString()
    {
        return name + " (" + address() + ", pid " + pid() + ")";
    }
}
