package dev.sessionfarm.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Signals Java has no API for (SIGSTOP, SIGCONT, SIGINT, SIGQUIT...), sent with the {@code kill} command, and
 * whether the kernel shows a process stopped.
 */
public final class Signals
{
    private Signals()
    {
    }

    /**
     * @param signal a name without SIG, e.g. {@code STOP}
     * @throws IllegalStateException if a process that still runs could not be signalled; those gone are skipped
     */
    public static void send(String signal, Collection<ProcessHandle> processes)
    {
        List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).toList();
        if (alive.isEmpty() || kill(signal, alive).isEmpty())
            return;
        // One of them may have ended meanwhile, which fails the whole command: only a live one's failure counts.
        for (ProcessHandle process : alive)
        {
            String failure = process.isAlive() ? kill(signal, List.of(process)) : "";
            if (!failure.isEmpty() && process.isAlive())
                throw new IllegalStateException(failure);
        }
    }

    /** Runs kill; returns why it failed, or an empty string. */
    private static String kill(String signal, List<ProcessHandle> processes)
    {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(String.valueOf(p.pid())));
        try
        {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (!kill.waitFor(10, TimeUnit.SECONDS))
            {
                kill.destroyForcibly();
                return String.join(" ", command) + " did not finish";
            }
            return kill.exitValue() == 0 ? "" : String.join(" ", command) + " failed: " + output.strip();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, e);
        }
    }

    /**
     * True once every thread of the process shows stopped (or the process is gone): a group stop reaches the
     * threads one by one, so the signal alone returns before the process really stands still.
     */
    public static boolean isStopped(ProcessHandle process)
    {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(process.pid()), "task")))
        {
            return tasks.allMatch(Signals::isStoppedTask);
        }
        catch (IOException | UncheckedIOException gone)
        {
            return true;
        }
    }

    private static boolean isStoppedTask(Path task)
    {
        try
        {
            String stat = Files.readString(task.resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
        }
        catch (IOException gone)
        {
            return true;
        }
    }
}
