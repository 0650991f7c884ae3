package dev.sessionfarm.e2e.farm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything the tests start, so that nothing outlives them: a test that fails half-way still closes its farm
 * (in {@code @AfterAll}), and if even that does not happen, this JVM's shutdown hook kills what is left. The
 * webapp jar's processes also exit by themselves when this JVM dies outright ({@link FarmJar#start}).
 */
public final class Leftovers
{
    private static final Set<ProcessHandle> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final List<AutoCloseable> RESOURCES = new CopyOnWriteArrayList<>();

    static
    {
        Runtime.getRuntime().addShutdownHook(new Thread(Leftovers::killAll, "e2e-leftovers"));
    }

    private Leftovers()
    {
    }

    public static void track(ProcessHandle process)
    {
        PROCESSES.add(process);
    }

    public static void closeAtExit(AutoCloseable resource)
    {
        RESOURCES.add(resource);
    }

    public static void closed(AutoCloseable resource)
    {
        RESOURCES.remove(resource);
    }

    /** Processes started by the tests that still run (with their own children). */
    public static List<ProcessHandle> alive()
    {
        List<ProcessHandle> alive = new ArrayList<>();
        for (ProcessHandle process : PROCESSES)
        {
            if (process.isAlive())
                alive.add(process);
            process.descendants().filter(ProcessHandle::isAlive).forEach(alive::add);
        }
        PROCESSES.removeIf(p -> !p.isAlive());
        return alive;
    }

    /** kill -9 for every process still running, children first; then closes what is left open. */
    public static void killAll()
    {
        for (ProcessHandle process : PROCESSES)
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (AutoCloseable resource : RESOURCES)
        {
            try
            {
                resource.close();
            }
            catch (Exception e)
            {
                System.err.println("e2e: closing " + resource + " failed: " + e);
            }
        }
        RESOURCES.clear();
    }
}
