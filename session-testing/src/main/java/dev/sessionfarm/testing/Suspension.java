package dev.sessionfarm.testing;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.sessionfarm.process.Signals;

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
        Signals.send("STOP", all);
        await().atMost(Duration.ofSeconds(10)).until(() -> all.stream().allMatch(Signals::isStopped));
        return suspension;
    }

    @Override
    public void close()
    {
        Signals.send("CONT", processes);
    }
}
