package dev.sessionfarm.bench.load;

import java.util.Locale;

import dev.sessionfarm.bench.report.Measurement;

/** Operations per second over a measurement window, with the latency percentiles of those operations. */
public record Throughput(double opsPerSecond, double p50Millis, double p99Millis, long operations, long errors)
{
    public static Throughput of(long operations, long errors, double seconds, Latencies merged)
    {
        return new Throughput(operations / seconds, merged.percentileMillis(0.50), merged.percentileMillis(0.99),
            operations, errors);
    }

    /** For the table: ops/s with p50 and p99 (and errors, should there be any). */
    public Measurement measurement(String unit)
    {
        String detail = String.format(Locale.ROOT, "p50 %s ms, p99 %s ms", Measurement.format(p50Millis),
            Measurement.format(p99Millis)) + (errors > 0 ? ", " + errors + " errors" : "");
        return new Measurement(opsPerSecond, unit, detail);
    }
}
