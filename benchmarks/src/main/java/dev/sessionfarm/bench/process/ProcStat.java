package dev.sessionfarm.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.sessionfarm.process.ChildProcess;

/**
 * What Linux says about processes the harness started: CPU time from /proc/&lt;pid&gt;/stat, children, and the
 * cores a process may run on (taskset). Elsewhere every reading is zero and pinning is refused.
 */
public final class ProcStat
{
    /** USER_HZ: /proc reports CPU time in these ticks (100 on every Linux the harness has met). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStat()
    {
    }

    public static boolean available()
    {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** utime + stime of the whole process (all its threads, live and ended), in seconds; 0 once it is gone. */
    public static double cpuSeconds(long pid)
    {
        String[] fields = fields(pid);
        if (fields == null)
            return 0;
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    public static double cpuSeconds(List<Long> pids)
    {
        double total = 0;
        for (long pid : pids)
            total += cpuSeconds(pid);
        return total;
    }

    /** The parent of a process, e.g. the postmaster of a PostgreSQL backend. */
    public static OptionalLong parent(long pid)
    {
        String[] fields = fields(pid);
        return fields == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields[1]));
    }

    /** A process and its live children (a postmaster and its backends, checkpointer, WAL writer...). */
    public static List<Long> withChildren(long pid)
    {
        List<Long> pids = new ArrayList<>(List.of(pid));
        try (var entries = Files.list(Path.of("/proc")))
        {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                .map(Long::parseLong).filter(child -> parent(child).orElse(-1) == pid).forEach(pids::add);
        }
        catch (IOException | RuntimeException e)
        {
            // a listing that fails counts the parent alone
        }
        return pids;
    }

    /** Fields after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime. */
    private static String[] fields(long pid)
    {
        try
        {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        }
        catch (IOException | RuntimeException gone)
        {
            return null;
        }
    }

    /** Restricts every thread of these processes to {@code cpus} (taskset syntax, e.g. "0" or "0,1"). */
    public static void pin(List<Long> pids, String cpus)
    {
        for (long pid : pids)
        {
            ChildProcess taskset =
                ChildProcess.command("taskset", "-a", "-p", "-c", cpus, String.valueOf(pid)).start();
            if (taskset.awaitExit(Duration.ofSeconds(30)) != 0 && ProcessHandle.of(pid).isPresent())
                throw new IllegalStateException("taskset -a -p -c " + cpus + " " + pid + " failed: " + taskset.tail());
        }
    }

    public static long self()
    {
        return ProcessHandle.current().pid();
    }
}
