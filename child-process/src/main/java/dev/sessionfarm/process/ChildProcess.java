package dev.sessionfarm.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * A process this JVM started: a JVM of ours, nginx, PostgreSQL, a shell command. Its output is read from its start
 * (see {@link ChildProcessBuilder#log} and {@link ChildProcessBuilder#output}); waits for a line or a condition fail
 * early, quoting its last lines and exit code, if it dies first. It does not outlive this JVM: still running at exit,
 * it is stopped as by {@link #stop()} (see {@link ChildProcessBuilder#stopAtExit} and
 * {@link ChildProcessBuilder#lifeline}); {@link #close()} kills it.
 */
public final class ChildProcess implements AutoCloseable
{
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(20);
    private static final int TAIL_LINES = 20;
    private static final Duration POLL = Duration.ofMillis(20);
    /** After the child exits, how long its last lines may take to arrive. */
    private static final Duration LAST_WORDS = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final ChildOutput output;
    private final Duration grace;
    private final Lifeline lifeline;
    private volatile boolean suspended;

    ChildProcess(String name, Process process, ChildOutput output, Duration grace, Lifeline lifeline,
                 boolean stopAtExit)
    {
        this.name = name;
        this.process = process;
        this.output = output;
        this.grace = grace;
        this.lifeline = lifeline;
        if (stopAtExit)
            ExitGuard.watch(this);
        process.onExit().thenRun(() ->
        {
            ExitGuard.forget(this);
            if (lifeline != null)
                lifeline.disarm();
        });
    }

    /** Any program: {@code command.get(0)} is the executable. */
    public static ChildProcessBuilder command(List<String> command)
    {
        return new ChildProcessBuilder(command, false, Path.of(command.get(0)).getFileName().toString());
    }

    public static ChildProcessBuilder command(String... command)
    {
        return command(List.of(command));
    }

    /** A main class on this JVM's own class path, run by this JVM's java. */
    public static ChildProcessBuilder java(String mainClass)
    {
        return javaClass(ChildProcessBuilder.currentClassPath(), mainClass);
    }

    public static ChildProcessBuilder javaClass(String classPath, String mainClass)
    {
        String simpleName = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        return new ChildProcessBuilder(List.of(javaBinary(), "-cp", classPath, mainClass), true, simpleName);
    }

    /** {@code java -jar}, with this JVM's java. */
    public static ChildProcessBuilder javaJar(Path jar)
    {
        return new ChildProcessBuilder(List.of(javaBinary(), "-jar", jar.toString()), true,
            jar.getFileName().toString());
    }

    /** The java launcher of this JVM, so that children run on the same Java. */
    public static String javaBinary()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits for the first output line (since the start) matching {@code pattern}; returns its group 1, or the line. */
    public String awaitLine(Pattern pattern, Duration timeout)
    {
        String[] found = new String[1];
        awaitCondition("print a line matching '" + pattern + "'", timeout,
            () -> (found[0] = output.firstMatch(pattern)) != null);
        return found[0];
    }

    /** Waits until the loopback port accepts connections. */
    public void awaitPort(int port, Duration timeout)
    {
        awaitCondition("listen on port " + port, timeout, () ->
        {
            try (Socket socket = new Socket())
            {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            }
            catch (IOException notYet)
            {
                return false;
            }
        });
    }

    /**
     * Polls {@code condition} until it holds.
     *
     * @param what what the child should do, for the message if it takes too long: "{name} did not {what} within 30 s"
     * @throws IllegalStateException if the child exits first ("{name} exited with code 3 before it was ready.") or
     *                               the time is up; the message quotes its last lines
     */
    public void awaitCondition(String what, Duration timeout, BooleanSupplier condition)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (!process.isAlive())
            {
                // Its last lines may still be on their way, and the one awaited among them.
                output.awaitEnd(LAST_WORDS);
                if (condition.getAsBoolean())
                    return;
                throw new IllegalStateException(describe() + " exited with code " + process.exitValue()
                    + " before it was ready." + lastLinesMessage());
            }
            if (System.nanoTime() > deadline)
                throw new IllegalStateException(describe() + " did not " + what + " within " + seconds(timeout)
                    + "." + lastLinesMessage());
            pause(POLL);
        }
    }

    /**
     * For a child that does one job and exits: waits for it and returns its exit code. If the time is up, it is
     * killed with what it started (a script's commands), and the wait fails.
     */
    public int awaitExit(Duration timeout)
    {
        if (!waitFor(timeout))
        {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            kill();
            throw new IllegalStateException(describe() + " did not finish within " + seconds(timeout) + "."
                + lastLinesMessage());
        }
        output.awaitEnd(LAST_WORDS);
        return process.exitValue();
    }

    /** Like {@link #awaitExit}, and fails unless the exit code is 0. */
    public void awaitSuccess(Duration timeout)
    {
        int code = awaitExit(timeout);
        if (code != 0)
            throw new IllegalStateException(describe() + " failed with exit code " + code + "." + lastLinesMessage());
    }

    /**
     * SIGTERM (a JVM runs its shutdown hooks), then kill -9 if it has not exited within the grace, for what it
     * started too (nginx's workers, say), which would otherwise be left behind; returns its exit code.
     */
    public int stop()
    {
        return stop(grace);
    }

    public int stop(Duration grace)
    {
        terminate();
        if (!waitFor(grace))
        {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            return kill();
        }
        output.awaitEnd(LAST_WORDS);
        return process.exitValue();
    }

    /** SIGTERM to each at once, then waits for each: their graceful stops overlap instead of adding up. */
    public static void stopAll(Collection<ChildProcess> children)
    {
        children.forEach(ChildProcess::terminate);
        RuntimeException first = null;
        for (ChildProcess child : children)
        {
            try
            {
                child.stop();
            }
            catch (RuntimeException e)
            {
                if (first == null)
                    first = e;
                else
                    first.addSuppressed(e);
            }
        }
        if (first != null)
            throw first;
    }

    private void terminate()
    {
        resumeIfSuspended();
        // Through the handle: Process.destroy would also close the pipes, and the child's last words with them.
        process.toHandle().destroy();
    }

    /** kill -9: no shutdown hooks, no goodbyes, as when a machine loses power. Waits for the end; the exit code. */
    public int kill()
    {
        process.toHandle().destroyForcibly();
        if (!waitFor(DEFAULT_GRACE))
            throw new IllegalStateException(describe() + " survived kill -9");
        output.awaitEnd(LAST_WORDS);
        return process.exitValue();
    }

    /** SIGSTOP, returning once the kernel shows every thread stopped: the child hangs, its connections stay open. */
    public void suspend()
    {
        suspended = true;
        Signals.send("STOP", List.of(process.toHandle()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Signals.isStopped(process.toHandle()))
        {
            if (System.nanoTime() > deadline)
                throw new IllegalStateException(describe() + " did not stop on SIGSTOP within 10 s");
            pause(POLL);
        }
    }

    /** SIGCONT after {@link #suspend()}. */
    public void resume()
    {
        Signals.send("CONT", List.of(process.toHandle()));
        suspended = false;
    }

    private void resumeIfSuspended()
    {
        if (suspended)
            resume();
    }

    public boolean isAlive()
    {
        return process.isAlive();
    }

    public long pid()
    {
        return process.pid();
    }

    public ProcessHandle handle()
    {
        return process.toHandle();
    }

    public String name()
    {
        return name;
    }

    /** Empty while it runs. */
    public OptionalInt exitCode()
    {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    public CompletableFuture<ChildProcess> onExit()
    {
        return process.onExit().thenApply(p -> this);
    }

    /** Where its output goes, if anywhere. */
    public Path log()
    {
        return output.log();
    }

    /** The output lines kept in memory (the last few thousand). */
    public List<String> lines()
    {
        return output.lines();
    }

    /** The last lines, one per line, for messages. */
    public String tail()
    {
        return String.join(System.lineSeparator(), output.last(TAIL_LINES));
    }

    /** Kills the child (and anything it started) if it still runs: a test's cleanup, whatever state it left. */
    @Override
    public void close()
    {
        if (process.isAlive())
        {
            resumeIfSuspended();
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            kill();
        }
        if (lifeline != null)
            lifeline.disarm();
        ExitGuard.forget(this);
    }

    @Override
    public String toString()
    {
        return describe();
    }

    private String describe()
    {
        return name + " (pid " + process.pid() + ")";
    }

    private String lastLinesMessage()
    {
        List<String> last = output.last(TAIL_LINES);
        String log = output.log() == null ? "" : " Its log: " + output.log() + ".";
        if (last.isEmpty())
            return log + " It printed nothing.";
        StringBuilder message = new StringBuilder(log + " Its last lines:");
        for (String line : last)
            message.append(System.lineSeparator()).append("  | ").append(line);
        return message.toString();
    }

    private boolean waitFor(Duration timeout)
    {
        try
        {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + describe(), e);
        }
    }

    private static String seconds(Duration duration)
    {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static void pause(Duration duration)
    {
        try
        {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
