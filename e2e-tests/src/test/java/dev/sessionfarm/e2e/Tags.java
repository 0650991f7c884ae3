package dev.sessionfarm.e2e;

import java.util.concurrent.atomic.AtomicInteger;

/** Tags that make each simulated person's data findable in the shared database, and unique across runs. */
final class Tags
{
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Tags()
    {
    }

    static String next(String scenario)
    {
        return RUN + "." + scenario + "." + COUNTER.incrementAndGet();
    }
}
