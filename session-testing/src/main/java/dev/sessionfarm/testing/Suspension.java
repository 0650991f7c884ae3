package dev.sessionfarm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A store that hangs rather than fails: its processes stopped with SIGSTOP, so connections stay open and nothing
 * answers, as with a frozen machine or a lost network path. Closing it sends SIGCONT.
 */
public final class Suspension implements AutoCloseable
{
    private final List<ProcessHandle> processes;

    private Suspension(List<ProcessHandle> processes)
    {
        this.processes = processes;
    }

    /** Stops the roots and every process under them, and waits until each of their threads shows stopped. */
    public static Suspension of(ProcessHandle... roots)
    {
        List<ProcessHandle> all = Stream.of(roots).flatMap(r -> Stream.concat(Stream.of(r), r.descendants())).toList();
        Suspension suspension = new Suspension(all);
        suspension.signal("STOP");
        await().atMost(Duration.ofSeconds(10)).until(() -> all.stream().allMatch(Suspension::isStopped));
        return suspension;
    }

    /** A group stop reaches a process's threads one by one: each must show it. */
    private static boolean isStopped(ProcessHandle process)
    {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(process.pid()), "task")))
        {
            return tasks.allMatch(task ->
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
            });
        }
        catch (IOException gone)
        {
            return true;
        }
    }

    private void signal(String name)
    {
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + name));
        processes.forEach(p -> command.add(String.valueOf(p.pid())));
        try
        {
            new ProcessBuilder(command).inheritIO().start().waitFor();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close()
    {
        signal("CONT");
    }
}
