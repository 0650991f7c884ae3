package dev.sessionfarm.stateserver;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.sessionfarm.stateprotocol.Op;

/** Counters for operators (like ASP.NET's "State Server Sessions Active" family), reported by STATS. */
final class ServerMetrics
{
    /** ops/s is averaged over this many one-second samples. */
    private static final int RATE_WINDOW = 5;

    private final LongAdder[] operations = new LongAdder[Op.values().length];
    final AtomicInteger currentConnections = new AtomicInteger();
    final LongAdder totalConnections = new LongAdder();
    final LongAdder refusedConnections = new LongAdder();
    final LongAdder authFailures = new LongAdder();
    final LongAdder refusals = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();
    final LongAdder expiredRemoved = new LongAdder();
    private final long startedAtMillis = System.currentTimeMillis();
    private final long[] totals = new long[RATE_WINDOW + 1];
    private final long[] times = new long[RATE_WINDOW + 1];
    private int sampleCount;
    private volatile long opsPerSecond;

    ServerMetrics()
    {
        for (int i = 0; i < operations.length; i++)
        {
            operations[i] = new LongAdder();
        }
    }

    void countOperation(Op op)
    {
        operations[op.ordinal()].increment();
    }

    long totalOperations()
    {
        long total = 0;
        for (LongAdder counter : operations)
        {
            total += counter.sum();
        }
        return total;
    }

    /** Called once a second by the maintenance thread. */
    synchronized void sampleRate()
    {
        int slot = sampleCount % totals.length;
        totals[slot] = totalOperations();
        times[slot] = System.nanoTime();
        sampleCount++;
        if (sampleCount > 1)
        {
            int oldest = sampleCount > totals.length ? sampleCount % totals.length : 0;
            long elapsed = times[slot] - times[oldest];
            opsPerSecond = elapsed <= 0 ? 0 : (totals[slot] - totals[oldest]) * 1_000_000_000L / elapsed;
        }
    }

    Map<String, Long> snapshot(SessionStore store, long logBytes)
    {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("sessions.active", (long)store.sessionCount());
        values.put("memory.bytes", store.bytesHeld());
        values.put("memory.bound", store.memoryBound());
        values.put("ops.per_second", opsPerSecond);
        values.put("ops.total", totalOperations());
        for (Op op : Op.values())
        {
            if (op == Op.AUTH)
            {
                continue;
            }
            values.put("ops." + op.name().toLowerCase(Locale.ROOT), operations[op.ordinal()].sum());
        }
        values.put("connections.current", (long)currentConnections.get());
        values.put("connections.total", totalConnections.sum());
        values.put("connections.refused", refusedConnections.sum());
        values.put("auth.failures", authFailures.sum());
        values.put("refusals", refusals.sum());
        values.put("errors.protocol", protocolErrors.sum());
        values.put("expired.removed", expiredRemoved.sum());
        values.put("persistence.log_bytes", logBytes);
        values.put("uptime.ms", System.currentTimeMillis() - startedAtMillis);
        return values;
    }
}
