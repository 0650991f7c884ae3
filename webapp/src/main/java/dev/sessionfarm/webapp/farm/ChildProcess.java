package dev.sessionfarm.webapp.farm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the farm launcher started with this jar's class path, run through {@link FarmChild} so that it dies with
 * the launcher. Its output is copied to the launcher's, each line prefixed with the child's name; the first line
 * matching a pattern tells the launcher the child is ready (and what its group 1 says, e.g. a port).
 */
final class ChildProcess
{
    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final int LAST_LINES = 15;
    /** A password a child prints, in a JDBC URL for example, is not repeated to the terminal. */
    private static final Pattern PASSWORD = Pattern.compile("((?i)password=)[^&\\s]+");

    private final String name;
    private final String advice;
    private final Process process;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    /** Repeated when the child dies before it is ready: other children's lines may have buried them. */
    private final Deque<String> lastLines = new ArrayDeque<>();

    private ChildProcess(String name, String advice, Process process)
    {
        this.name = name;
        this.advice = advice;
        this.process = process;
    }

    /**
     * @param jvmOptions for example a heap limit
     * @param readyLine  group 1 of its first match completes {@link #ready()}
     * @param advice     what the person can do when this child dies before it is ready
     */
    static ChildProcess start(String name, List<String> jvmOptions, Class<?> mainClass, List<String> args,
                              Pattern readyLine, String advice, PrintStream out)
        throws IOException
    {
        return start(name, jvmOptions, Map.of(), mainClass, args, readyLine, advice, out);
    }

    /** @param environment added to this JVM's: for secrets, which other users could read on a command line */
    static ChildProcess start(String name, List<String> jvmOptions, Map<String, String> environment, Class<?> mainClass,
                              List<String> args, Pattern readyLine, String advice, PrintStream out)
        throws IOException
    {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // Small, quick-starting JVMs: a demo farm runs six of them on one machine.
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"));
        command.addAll(List.of("-cp", classPath(), FarmChild.class.getName(), mainClass.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        ChildProcess child = new ChildProcess(name, advice, process);
        Thread pump = new Thread(() -> child.copyOutput(readyLine, out), name + "-output");
        pump.setDaemon(true);
        pump.start();
        return child;
    }

    /** This JVM's class path, absolute, so children find the classes whatever their working directory. */
    static String classPath()
    {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            entries.add(Path.of(entry).toAbsolutePath().toString());
        return String.join(java.io.File.pathSeparator, entries);
    }

    private void copyOutput(Pattern readyLine, PrintStream out)
    {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = lines.readLine()) != null)
            {
                String shown = PASSWORD.matcher(line).replaceAll("$1***");
                out.println("[" + name + "] " + shown);
                remember(shown);
                Matcher m = readyLine.matcher(line);
                if (!ready.isDone() && m.find())
                    ready.complete(m.groupCount() > 0 ? m.group(1) : line);
            }
        }
        catch (IOException e)
        {
            // The child is gone; the exit code says why.
        }
        ready.completeExceptionally(new IllegalStateException(diedBeforeReady()));
    }

    private synchronized void remember(String line)
    {
        if (lastLines.size() == LAST_LINES)
            lastLines.removeFirst();
        lastLines.addLast(line);
    }

    private synchronized String diedBeforeReady()
    {
        StringBuilder message = new StringBuilder(name + " (pid " + process.pid() + ") exited with code " + exitCode()
            + " before it was ready.");
        message.append(lastLines.isEmpty() ? " It printed nothing." : " Its last lines:");
        for (String line : lastLines)
            message.append(System.lineSeparator()).append("  | ").append(line);
        return message.append(System.lineSeparator()).append("What to do: ").append(advice).toString();
    }

    private String exitCode()
    {
        try
        {
            return String.valueOf(process.waitFor());
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Completes with the ready line's group 1; fails if the child exits first. */
    CompletableFuture<String> ready()
    {
        return ready;
    }

    String awaitReady(Duration timeout) throws Exception
    {
        try
        {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (java.util.concurrent.ExecutionException e)
        {
            throw (Exception)e.getCause();
        }
        catch (java.util.concurrent.TimeoutException e)
        {
            throw new IllegalStateException(name + " was not ready after " + timeout.toSeconds() + " s");
        }
    }

    String name()
    {
        return name;
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    CompletableFuture<Process> onExit()
    {
        return process.onExit();
    }

    /** SIGTERM (the child's shutdown hooks run), then SIGKILL if it has not exited after a grace period. */
    void stop() throws InterruptedException
    {
        // Through the handle: Process.destroy would also close the pipes, and the child's last words with them.
        process.toHandle().destroy();
        if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS))
        {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** Waits for a child that does one job and exits, e.g. a key generator; fails unless it exits with 0. */
    void awaitSuccess(Duration timeout) throws Exception
    {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        {
            stop();
            throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s");
        }
        if (process.exitValue() != 0)
        {
            awaitReady(Duration.ofSeconds(10)); // fails with its last lines once they are all read
            throw new IllegalStateException(name + " failed (exit code " + process.exitValue() + ")");
        }
    }
}
