package dev.sessionfarm.bench.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Adds up, over the measured windows of one contender, what some counters rose by (CPU seconds of a process
 * group, bytes on a port) and how many operations those windows counted, so that each counter can be read per
 * operation. The short windows that only warm a contender up are left out.
 */
public final class UsageMeter
{
    private static final double MIN_WINDOW_SECONDS = 0.25;

    private final Map<String, DoubleSupplier> counters;
    private final Map<String, Double> totals = new LinkedHashMap<>();
    private long operations;
    private double seconds;

    /** @param counters by name, in the order they are shown */
    public UsageMeter(Map<String, DoubleSupplier> counters)
    {
        this.counters = new LinkedHashMap<>(counters);
        counters.keySet().forEach(name -> totals.put(name, 0.0));
    }

    public List<String> names()
    {
        return List.copyOf(counters.keySet());
    }

    /** A probe for one window; pass the window's throughput to {@link #record} once the window is over. */
    public Window window()
    {
        return new Window();
    }

    /** A run of a contender's load that tells a probe when its window opens and closes. */
    @FunctionalInterface
    public interface ProbedRun
    {
        Throughput run(WindowProbe probe) throws Exception;
    }

    /** Runs one measured window with a probe of this meter, and records it. */
    public Throughput measure(java.time.Duration window, ProbedRun run) throws Exception
    {
        Window probe = window();
        Throughput measured = run.run(probe);
        record(probe, measured, window.toNanos() / 1e9);
        return measured;
    }

    public synchronized void record(Window window, Throughput measured, double windowSeconds)
    {
        if (windowSeconds < MIN_WINDOW_SECONDS || window.ended == null)
            return;
        for (String name : counters.keySet())
            totals.merge(name, window.ended.get(name) - window.started.get(name), Double::sum);
        operations += measured.operations();
        seconds += windowSeconds;
    }

    /** The counter's rise per counted operation; NaN before any window was recorded. */
    public synchronized double perOperation(String name)
    {
        return operations == 0 ? Double.NaN : totals.get(name) / operations;
    }

    /** The counter's rise per second of measured windows (for CPU seconds: cores busy). */
    public synchronized double perSecond(String name)
    {
        return seconds == 0 ? Double.NaN : totals.get(name) / seconds;
    }

    /** The readings of one window. */
    public final class Window implements WindowProbe
    {
        private volatile Map<String, Double> started;
        private volatile Map<String, Double> ended;

        @Override
        public void windowStarted()
        {
            started = read();
        }

        @Override
        public void windowEnded()
        {
            ended = read();
        }

        private Map<String, Double> read()
        {
            Map<String, Double> values = new LinkedHashMap<>();
            counters.forEach((name, counter) -> values.put(name, counter.getAsDouble()));
            return values;
        }
    }
}
