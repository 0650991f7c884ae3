package dev.sessionfarm.e2e.farm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command of the webapp jar ({@code node}, {@code balancer}, {@code state-server}, {@code farm}) as a child
 * JVM, run the way the farm launcher runs its children: under {@code FarmChild}, which exits as soon as its standard
 * input closes. This JVM holds the other end of that pipe, so the child goes when this JVM goes, even by kill -9.
 * Its output goes to a log file; the last lines are kept for failure messages.
 */
public final class JarProcess
{
    private static final String FARM_CHILD = "dev.sessionfarm.webapp.farm.FarmChild";
    private static final String MAIN = "dev.sessionfarm.webapp.Main";
    private static final int KEPT_LINES = 40;
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(Pattern pattern, CompletableFuture<String> found)
    {
    }

    private JarProcess(String name, Process process)
    {
        this.name = name;
        this.process = process;
    }

    /**
     * @param command the jar's command and its options, e.g. {@code node --port 8081 ...}
     * @param log     appended to: a process restarted under the same name continues its predecessor's log
     */
    public static JarProcess start(String name, List<String> jvmOptions, List<String> command, Path log)
    {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(jvmOptions);
        // As the farm launcher starts its children: small, quick-starting JVMs.
        line.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"));
        line.addAll(List.of("-cp", FarmJar.path().toString(), FARM_CHILD, MAIN));
        line.addAll(command);
        try
        {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            Leftovers.track(process.toHandle());
            JarProcess child = new JarProcess(name, process);
            Thread pump = new Thread(() -> child.copyOutput(log), name + "-output");
            pump.setDaemon(true);
            pump.start();
            return child;
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    private void copyOutput(Path log)
    {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
             BufferedReader in =
                 new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            out.println("==== " + name + " started, pid " + process.pid());
            String line;
            while ((line = in.readLine()) != null)
            {
                out.println(line);
                remember(line);
            }
            out.println("==== " + name + " (pid " + process.pid() + ") exited");
        }
        catch (IOException e)
        {
            // The process is gone; its exit code says why.
        }
        failWaiters();
    }

    private synchronized void remember(String line)
    {
        lastLines.addLast(line);
        if (lastLines.size() > KEPT_LINES)
            lastLines.removeFirst();
        for (Waiter waiter : waiters)
        {
            Matcher m = waiter.pattern().matcher(line);
            if (!waiter.found().isDone() && m.find())
                waiter.found().complete(m.groupCount() > 0 ? m.group(1) : line);
        }
    }

    private synchronized void failWaiters()
    {
        for (Waiter waiter : waiters)
            waiter.found().completeExceptionally(new IllegalStateException(name + " exited before printing '"
                + waiter.pattern() + "'; its last lines:\n" + lastLines()));
    }

    /** Waits for the first output line matching {@code pattern} (counting lines already printed) and returns its group 1. */
    public String awaitOutput(Pattern pattern, Duration timeout)
    {
        CompletableFuture<String> found = new CompletableFuture<>();
        synchronized (this)
        {
            for (String line : lastLines)
            {
                Matcher m = pattern.matcher(line);
                if (m.find())
                    return m.groupCount() > 0 ? m.group(1) : line;
            }
            if (!process.isAlive() && process.toHandle().descendants().findAny().isEmpty())
                found.completeExceptionally(
                    new IllegalStateException(name + " is not running; its last lines:\n" + lastLines()));
            waiters.add(new Waiter(pattern, found));
        }
        try
        {
            return found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException e)
        {
            throw (RuntimeException)e.getCause();
        }
        catch (TimeoutException e)
        {
            throw new IllegalStateException(name + " did not print '" + pattern + "' within " + timeout.toSeconds()
                + " s; its last lines:\n" + lastLines());
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public synchronized String lastLines()
    {
        return String.join("\n", lastLines);
    }

    /** SIGTERM: the process's shutdown hooks run (a node stops gracefully); SIGKILL if it has not exited in time. */
    public void stop()
    {
        // Through the handle: Process.destroy would also close the pipes, and the child's last words with them.
        process.toHandle().destroy();
        if (!waitForExit(STOP_GRACE))
            kill();
    }

    /** kill -9: no shutdown hooks, no goodbyes, as when a machine loses power. */
    public void kill()
    {
        process.toHandle().destroyForcibly();
        if (!waitForExit(STOP_GRACE))
            throw new IllegalStateException(name + " (pid " + pid() + ") survived kill -9");
    }

    /** For a command that does one job and exits: its exit code (killed, and failed, if it takes too long). */
    public int awaitExit(Duration timeout)
    {
        if (!waitForExit(timeout))
        {
            kill();
            throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s; its last "
                + "lines:\n" + lastLines());
        }
        return process.exitValue();
    }

    private boolean waitForExit(Duration timeout)
    {
        try
        {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return false;
        }
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
}
