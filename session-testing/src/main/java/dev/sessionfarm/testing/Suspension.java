package dev.sessionfarm.testing;

import java.time.Duration;
import java.util.ArrayList;
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

    /**
     * Stops the roots and every process under them, and waits until each of their threads shows stopped. A parent
     * may fork between the listing of its children and its own stop (PostgreSQL starts a backend for each new
     * connection, and a pool opens connections in the background), and that child would go on answering: so the
     * tree is listed again after each round of signals until no process in it is left unstopped.
     */
    public static Suspension of(ProcessHandle... roots)
    {
        List<ProcessHandle> stopped = new ArrayList<>();
        for (int round = 0; round < 20; round++)
        {
            List<ProcessHandle> fresh = Stream.of(roots)
                .flatMap(r -> Stream.concat(Stream.of(r), r.descendants()))
                .filter(p -> !stopped.contains(p))
                .toList();
            if (fresh.isEmpty())
                break;
            Signals.send("STOP", fresh);
            stopped.addAll(fresh);
            await().atMost(Duration.ofSeconds(10)).until(() -> fresh.stream().allMatch(Signals::isStopped));
        }
        return new Suspension(stopped);
    }

    @Override
    public void close()
    {
        Signals.send("CONT", processes);
    }
}
