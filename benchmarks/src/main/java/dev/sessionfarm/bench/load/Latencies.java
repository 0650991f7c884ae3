package dev.sessionfarm.bench.load;

import java.util.Arrays;

/**
 * Every latency of a measurement window, kept exactly (a window of seconds holds at most a few million), so the
 * percentiles are read off the sorted samples rather than estimated from buckets. Not thread-safe: one per caller,
 * merged at the end.
 */
public final class Latencies
{
    /** Bounds memory if a window turns out far longer or faster than planned: later samples are dropped. */
    private static final int MAX_SAMPLES = 8_000_000;

    private long[] nanos = new long[1024];
    private int count;

    public void record(long elapsedNanos)
    {
        if (count == nanos.length)
        {
            if (count >= MAX_SAMPLES)
                return;
            nanos = Arrays.copyOf(nanos, Math.min(MAX_SAMPLES, count * 2));
        }
        nanos[count++] = elapsedNanos;
    }

    public int count()
    {
        return count;
    }

    public static Latencies merge(Iterable<Latencies> parts)
    {
        Latencies all = new Latencies();
        int total = 0;
        for (Latencies part : parts)
            total += part.count;
        all.nanos = new long[Math.max(1, total)];
        for (Latencies part : parts)
        {
            System.arraycopy(part.nanos, 0, all.nanos, all.count, part.count);
            all.count += part.count;
        }
        Arrays.sort(all.nanos, 0, all.count);
        return all;
    }

    /** Only on a merged (sorted) instance; {@code q} in 0..1. */
    public double percentileMillis(double q)
    {
        if (count == 0)
            return Double.NaN;
        int index = (int)Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1));
        return nanos[index] / 1e6;
    }
}
