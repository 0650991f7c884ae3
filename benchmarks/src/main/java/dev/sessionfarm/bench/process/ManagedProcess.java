package dev.sessionfarm.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A process the harness started (a state server, Redis, a farm), its output in a log file. It never outlives the
 * harness: {@link #close()} kills it, and so does a shutdown hook if the harness is stopped first.
 */
public final class ManagedProcess implements AutoCloseable
{
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread killer;

    private ManagedProcess(String name, Process process, Path log)
    {
        this.name = name;
        this.process = process;
        this.log = log;
        this.killer = new Thread(process::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** @param log where its output goes; a name already used in this run gets a number, so no log is shared */
    public static ManagedProcess start(String name, List<String> command, Path log)
    {
        Path own = unused(log);
        try
        {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(own.toFile()).start();
            return new ManagedProcess(name, process, own);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    private static Path unused(Path log)
    {
        String file = log.getFileName().toString();
        int dot = file.lastIndexOf('.');
        Path candidate = log;
        for (int n = 2; Files.exists(candidate); n++)
            candidate = log.resolveSibling(file.substring(0, dot) + "-" + n + file.substring(dot));
        return candidate;
    }

    public long pid()
    {
        return process.pid();
    }

    public boolean isAlive()
    {
        return process.isAlive();
    }

    public Path log()
    {
        return log;
    }

    /** Waits until the loopback port accepts connections; fails early if the process exits. */
    public void awaitPort(int port, Duration timeout)
    {
        awaitCondition(timeout, "to listen on port " + port, () ->
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

    /** Waits until the log holds a line containing {@code text}; returns that line. */
    public String awaitLogLine(String text, Duration timeout)
    {
        String[] found = new String[1];
        awaitCondition(timeout, "to log '" + text + "'", () ->
        {
            found[0] = logLines().stream().filter(l -> l.contains(text)).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    public List<String> logLines()
    {
        try
        {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitCondition(Duration timeout, String what, BooleanSupplier condition)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (!process.isAlive())
                throw new IllegalStateException(name + " exited (code " + process.exitValue() + ") before it came "
                    + what + "; its log: " + log + "\n" + tail());
            if (System.nanoTime() > deadline)
                throw new IllegalStateException(name + " did not come " + what + " within " + timeout.toSeconds()
                    + " s; its log: " + log + "\n" + tail());
            sleep(Duration.ofMillis(20));
        }
    }

    private String tail()
    {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** Waits for a process that does one job and exits; fails unless it exits with 0 in time. */
    public void awaitExit(Duration timeout)
    {
        try
        {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s");
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (process.exitValue() != 0)
            throw new IllegalStateException(name + " failed (exit code " + process.exitValue() + "): " + tail());
    }

    /** SIGTERM, then SIGKILL if it has not exited within a grace period; waits for it either way. */
    public void stop()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS))
                process.destroyForcibly().waitFor();
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM to all at once, then waits for each: graceful stops overlap instead of adding up. */
    public static void stopAll(List<ManagedProcess> processes)
    {
        processes.forEach(p -> p.process.destroy());
        processes.forEach(ManagedProcess::stop);
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            try
            {
                process.waitFor();
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(killer);
        }
        catch (IllegalStateException shuttingDown)
        {
            // the hook is running or will run; nothing to undo
        }
    }

    public static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    public static void sleep(Duration duration)
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

    /** The java launcher of this JVM, so children run on the same Java as the harness. */
    public static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
