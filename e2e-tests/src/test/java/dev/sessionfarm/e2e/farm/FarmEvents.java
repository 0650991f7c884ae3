package dev.sessionfarm.e2e.farm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the harness did to the farm and when (System.nanoTime, which all threads of this JVM share): a request
 * that failed while a process it depended on was being killed was in flight at the kill, and is counted apart.
 * Graceful stops are kept too, to tell what happened near a failure.
 */
public final class FarmEvents
{
    /**
     * A process killed (-9) or stopped (SIGTERM), from just before the signal until it was seen gone; until then,
     * {@code untilNanos} is "not yet" ({@link Long#MAX_VALUE}), so that a request failing before the harness sees the
     * process gone is already known to have met the kill.
     */
    public static final class Event
    {
        private final String what;
        private final String process;
        private final long fromNanos;
        private volatile long untilNanos = Long.MAX_VALUE;

        Event(String what, String process)
        {
            this.what = what;
            this.process = process;
            this.fromNanos = System.nanoTime();
        }

        /** The process is gone. */
        public void over()
        {
            untilNanos = System.nanoTime();
        }

        boolean isKill()
        {
            return what.equals("kill -9");
        }
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger restarts = new AtomicInteger();

    /** Call just before sending SIGKILL; then {@link Event#over()} once the process is gone. */
    Event killing(String process)
    {
        Event event = new Event("kill -9", process);
        events.add(event);
        return event;
    }

    /** Call just before sending SIGTERM; then {@link Event#over()} once the process is gone. */
    Event stopping(String process)
    {
        Event event = new Event("stop", process);
        events.add(event);
        return event;
    }

    void restarted()
    {
        restarts.incrementAndGet();
    }

    /**
     * How long after a killed process is seen gone a request may still meet its death: the balancer learns that a
     * pooled connection to it was closed only when its selector next runs, and on a loaded 2-core machine a request
     * sent in between goes out on that connection and gets no answer (seen in CI: 11 and 45 ms after).
     */
    static final long STALE_CONNECTION_NANOS = 1_000_000_000L;

    /** The process killed while a request that started and ended at these times was under way, if any. */
    public String killDuring(long startNanos, long endNanos)
    {
        for (Event event : events)
        {
            long until =
                event.untilNanos == Long.MAX_VALUE ? Long.MAX_VALUE : event.untilNanos + STALE_CONNECTION_NANOS;
            if (event.isKill() && event.fromNanos <= endNanos && until >= startNanos)
                return event.process;
        }
        return null;
    }

    /** For failure messages: the kill or stop nearest to a request, relative to the request's start and end. */
    public String nearest(long startNanos, long endNanos)
    {
        Event nearest = null;
        long best = Long.MAX_VALUE;
        for (Event event : events)
        {
            long distance = event.untilNanos == Long.MAX_VALUE ? Math.abs(event.fromNanos - startNanos)
                : Math.min(Math.abs(event.fromNanos - startNanos), Math.abs(event.untilNanos - endNanos));
            if (distance < best)
            {
                best = distance;
                nearest = event;
            }
        }
        if (nearest == null)
            return "nothing killed or stopped so far";
        long until = nearest.untilNanos;
        return "nearest: " + nearest.what + " " + nearest.process + ", signalled " + (nearest.fromNanos - startNanos)
            / 1_000_000 + " ms after the request started, " + (until == Long.MAX_VALUE ? "not gone yet"
                : "gone " + (until - endNanos) / 1_000_000 + " ms after it ended");
    }

    public int kills()
    {
        return (int)events.stream().filter(Event::isKill).count();
    }

    public int restarts()
    {
        return restarts.get();
    }
}
