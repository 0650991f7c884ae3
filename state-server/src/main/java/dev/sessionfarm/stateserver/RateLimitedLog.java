package dev.sessionfarm.stateserver;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Warnings that a peer can cause at will (refused connections, failed authentications): the first one of a burst
 * is logged whole, the rest only counted, and at most one summary line per interval says how many were left out.
 * A flood costs a few lines a minute instead of gigabytes an hour.
 */
final class RateLimitedLog
{
    private final Logger log;
    private final String what;
    private final long intervalNanos;
    private final LongSupplier clock;
    private boolean open;
    private long windowStart;
    private long suppressed;

    RateLimitedLog(Logger log, String what, long intervalMillis)
    {
        this(log, what, intervalMillis, System::nanoTime);
    }

    RateLimitedLog(Logger log, String what, long intervalMillis, LongSupplier nanoClock)
    {
        this.log = log;
        this.what = what;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.clock = nanoClock;
    }

    /** Logs this occurrence if no other was logged in the current interval, else counts it. */
    void warn(String format, Object... args)
    {
        String summary;
        synchronized (this)
        {
            long now = clock.getAsLong();
            if (open && now - windowStart < intervalNanos)
            {
                suppressed++;
                return;
            }
            summary = takeSummary();
            open = true;
            windowStart = now;
        }
        if (summary != null)
        {
            log.warn(summary);
        }
        log.warn(format, args);
    }

    /** Called periodically: once an interval has passed, reports what it left out (nothing if it left out none). */
    void flush()
    {
        String summary;
        synchronized (this)
        {
            if (!open || clock.getAsLong() - windowStart < intervalNanos)
            {
                return;
            }
            summary = takeSummary();
            if (summary == null)
            {
                open = false;
            }
            else
            {
                windowStart = clock.getAsLong();
            }
        }
        if (summary != null)
        {
            log.warn(summary);
        }
    }

    private String takeSummary()
    {
        if (suppressed == 0)
        {
            return null;
        }
        String line = suppressed + " more " + what + " not logged one by one (at most one line per "
            + TimeUnit.NANOSECONDS.toSeconds(intervalNanos) + " s; the stats command counts them all)";
        suppressed = 0;
        return line;
    }
}
