package dev.sessionfarm.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a fixed number of callers, each doing one operation after another with no pause (a closed loop, as
 * request threads of a web node do), first for a warm-up that is not counted, then for the measurement window.
 * An operation counts if it started inside the window.
 */
public final class ClosedLoop
{
    /** One caller's operation; called from that caller's thread only. */
    @FunctionalInterface
    public interface Operation
    {
        void run() throws Exception;
    }

    /** Makes caller {@code index}'s operation (each may keep its own state, e.g. its own sessions). */
    @FunctionalInterface
    public interface Callers
    {
        Operation create(int index) throws Exception;
    }

    /** Errors beyond this share of operations make the run fail: the figure would not mean anything. */
    private static final double MAX_ERROR_SHARE = 0.01;

    private ClosedLoop()
    {
    }

    public static Throughput run(int callers, Duration warmUp, Duration window, Callers factory) throws Exception
    {
        return run(callers, warmUp, window, factory, WindowProbe.NONE);
    }

    /** @param probe told when the measured window opens and closes */
    public static Throughput run(int callers, Duration warmUp, Duration window, Callers factory, WindowProbe probe)
        throws Exception
    {
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < callers; i++)
            operations.add(factory.create(i));
        long start = System.nanoTime() + Duration.ofMillis(50).toNanos();
        long windowStart = start + warmUp.toNanos();
        long windowEnd = windowStart + window.toNanos();
        Thread watcher = WindowProbe.watch(probe, windowStart, windowEnd);
        AtomicLong counted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        List<Latencies> latencies = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(callers);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++)
        {
            Operation operation = operations.get(i);
            Latencies mine = new Latencies();
            latencies.add(mine);
            Thread thread = new Thread(() ->
            {
                try
                {
                    loop(operation, start, windowStart, windowEnd, mine, counted, errors, firstError);
                }
                finally
                {
                    done.countDown();
                }
            }, "load-caller-" + i);
            threads.add(thread);
            thread.start();
        }
        done.await();
        watcher.join();
        long total = counted.get();
        if (errors.get() > Math.max(1, total * MAX_ERROR_SHARE))
            throw new IllegalStateException(errors.get() + " of " + (total + errors.get()) + " operations failed",
                firstError.get());
        return Throughput.of(total, errors.get(), window.toNanos() / 1e9, Latencies.merge(latencies));
    }

    private static void loop(Operation operation, long start, long windowStart, long windowEnd, Latencies latencies,
                             AtomicLong counted, AtomicLong errors, AtomicReference<Exception> firstError)
    {
        for (long now = System.nanoTime(); now < start; now = System.nanoTime())
            LockSupport.parkNanos(start - now);
        long mine = 0;
        while (true)
        {
            long began = System.nanoTime();
            if (began >= windowEnd)
                break;
            try
            {
                operation.run();
            }
            catch (Exception e)
            {
                if (began >= windowStart)
                    errors.incrementAndGet();
                firstError.compareAndSet(null, e);
                continue;
            }
            if (began >= windowStart)
            {
                latencies.record(System.nanoTime() - began);
                mine++;
            }
        }
        counted.addAndGet(mine);
    }
}
