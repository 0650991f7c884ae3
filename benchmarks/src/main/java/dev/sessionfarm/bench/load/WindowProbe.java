package dev.sessionfarm.bench.load;

import java.util.concurrent.locks.LockSupport;

/** Told when a measurement window opens and closes, to read what the window cost (CPU time, bytes). */
public interface WindowProbe
{
    WindowProbe NONE = new WindowProbe()
    {
        @Override
        public void windowStarted()
        {
        }

        @Override
        public void windowEnded()
        {
        }
    };

    void windowStarted();

    void windowEnded();

    /** Calls the probe at the window's start and end from a thread of its own; join it to have both readings. */
    static Thread watch(WindowProbe probe, long windowStartNanos, long windowEndNanos)
    {
        Thread watcher = new Thread(() ->
        {
            waitUntil(windowStartNanos);
            probe.windowStarted();
            waitUntil(windowEndNanos);
            probe.windowEnded();
        }, "window-probe");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    private static void waitUntil(long nanos)
    {
        for (long now = System.nanoTime(); now < nanos; now = System.nanoTime())
            LockSupport.parkNanos(nanos - now);
    }
}
