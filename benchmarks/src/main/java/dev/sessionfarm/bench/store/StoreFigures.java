package dev.sessionfarm.bench.store;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

import dev.sessionfarm.bench.load.Throughput;
import dev.sessionfarm.bench.load.UsageMeter;
import dev.sessionfarm.bench.process.SocketTraffic;
import dev.sessionfarm.bench.report.GrowthPoint;
import dev.sessionfarm.bench.report.Measurement;
import dev.sessionfarm.bench.report.ResultTable;
import dev.sessionfarm.bench.report.Row;
import dev.sessionfarm.bench.report.Target;

/** What the store benchmarks share: bytes on the wire per step, and a row plus growth points per size and callers. */
public final class StoreFigures
{
    static final String BYTES = "bytes";

    private StoreFigures()
    {
    }

    /** A meter of the bytes that cross a server's port both ways. */
    public static UsageMeter wireBytes(int port)
    {
        Map<String, DoubleSupplier> counters = Map.of(BYTES, () -> SocketTraffic.bytes(port));
        return new UsageMeter(counters);
    }

    public static String callers(int callers)
    {
        return callers + " caller" + (callers > 1 ? "s" : "");
    }

    /** Adds the row ours vs peer at one size and caller count, and both as points of the growth chart. */
    public static void add(ResultTable table, String figure, FormStepMix.Size size, int callers,
                           List<Throughput> results, List<UsageMeter> meters, List<String> series, Target target)
    {
        Measurement ours = measurement(results.get(0), meters.get(0));
        Measurement peer = measurement(results.get(1), meters.get(1));
        table.add(Row.higherIsBetter(figure + ", " + size.label() + ", " + callers(callers), ours, peer, target));
        for (int i = 0; i < 2; i++)
            table.growth(new GrowthPoint(series.get(i), size.sessionBytes(), callers, results.get(i).opsPerSecond(),
                meters.get(i).perOperation(BYTES)));
    }

    private static Measurement measurement(Throughput throughput, UsageMeter bytes)
    {
        Measurement plain = throughput.measurement("ops/s");
        double perOperation = bytes.perOperation(BYTES);
        if (Double.isNaN(perOperation))
            return plain;
        return new Measurement(plain.value(), plain.unit(), plain.detail() + ", " + kilobytes(perOperation) + "/op");
    }

    public static String kilobytes(double bytes)
    {
        return Measurement.format(bytes / 1024) + " KB";
    }
}
