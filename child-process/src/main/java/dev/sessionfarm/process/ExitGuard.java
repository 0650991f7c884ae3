package dev.sessionfarm.process;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The children still running, stopped by one shutdown hook when this JVM exits (kill -9 aside: see Lifeline). */
final class ExitGuard
{
    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static
    {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitGuard::stopAll, "child-process-exit-guard"));
    }

    private ExitGuard()
    {
    }

    static void watch(ChildProcess child)
    {
        RUNNING.add(child);
    }

    static void forget(ChildProcess child)
    {
        RUNNING.remove(child);
    }

    private static void stopAll()
    {
        // Each with its grace, so that a node still finishes its requests; in parallel, so the graces do not add up.
        ChildProcess.stopAll(new ArrayList<>(RUNNING));
    }
}
