package dev.sessionfarm.session.store;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A store's meters. Names are Micrometer's dotted form; a Prometheus registry exports them as
 * {@code session_store_operation_seconds}, {@code session_store_conflicts_total} and so on.
 */
final class StoreMetrics
{
    private final MeterRegistry registry;
    private final String store;
    private final Counter conflicts;
    private final Counter unreadable;
    private final DistributionSummary sessionBytes;
    private final DistributionSummary writtenBytes;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter unchangedLoads;
    private final Counter deltaLoads;
    private final Counter fullLoads;
    private final Counter evictions;
    private final Counter receivedBytes;
    private final Counter encodedBytes;

    StoreMetrics(MeterRegistry registry, String store)
    {
        this.registry = registry;
        this.store = store;
        this.conflicts = Counter.builder("session.store.conflicts")
            .description(
                "Attributes written by a save after another node had changed them since the save's load (last write won)")
            .tag("store", store).register(registry);
        this.unreadable = Counter.builder("session.store.unreadable")
            .description("Stored sessions that could not be read and were treated as absent")
            .tag("store", store).register(registry);
        this.sessionBytes = DistributionSummary.builder("session.store.session.size")
            .description("Serialized size of a session's attributes, when loaded")
            .baseUnit("bytes").tag("store", store).register(registry);
        this.writtenBytes = DistributionSummary.builder("session.store.written.size")
            .description("Attribute bytes written by one save (deltas write only what changed)")
            .baseUnit("bytes").tag("store", store).register(registry);
        this.unchangedLoads =
            loads("unchanged", "Loads answered 'unchanged since the cached version': nothing sent or decoded");
        this.deltaLoads = loads("delta", "Loads answered with only what changed since the cached version");
        this.fullLoads =
            loads("full", "Loads that received every attribute (nothing cached, or the store could not send a delta)");
        this.evictions = Counter.builder("session.store.cache.evictions")
            .description("Sessions dropped from the node cache to keep it within session.nodeCacheSize")
            .tag("store", store).register(registry);
        this.receivedBytes = Counter.builder("session.store.load.received")
            .description("Attribute bytes received from the store by loads")
            .baseUnit("bytes").tag("store", store).register(registry);
        this.encodedBytes = Counter.builder("session.store.save.encoded")
            .description("Attribute bytes saves serialized; immutable values keep the bytes setAttribute produced")
            .baseUnit("bytes").tag("store", store).register(registry);
    }

    private Counter loads(String result, String description)
    {
        return Counter.builder("session.store.cache.loads").description(description)
            .tags("store", store, "result", result).register(registry);
    }

    <T> T time(String operation, Callable<T> call) throws Exception
    {
        long start = System.nanoTime();
        String outcome = "error";
        try
        {
            T result = call.call();
            outcome = "ok";
            return result;
        }
        catch (SessionStoreUnavailableException e)
        {
            outcome = "unavailable";
            throw e;
        }
        finally
        {
            timer(operation, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String operation, String outcome)
    {
        return timers.computeIfAbsent(operation + '/' + outcome, key -> Timer.builder("session.store.operation")
            .description("Latency of session store operations")
            .tags("store", store, "op", operation, "outcome", outcome)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry));
    }

    void conflicts(int count)
    {
        if (count > 0)
            conflicts.increment(count);
    }

    void unreadable()
    {
        unreadable.increment();
    }

    void loaded(long bytes)
    {
        sessionBytes.record(bytes);
    }

    void written(long bytes)
    {
        writtenBytes.record(bytes);
    }

    void encoded(long bytes)
    {
        encodedBytes.increment(bytes);
    }

    long encodedBytes()
    {
        return (long)encodedBytes.count();
    }

    void loaded(LoadedSession.Kind kind, long received)
    {
        (kind == LoadedSession.Kind.UNCHANGED ? unchangedLoads : kind == LoadedSession.Kind.DELTA ? deltaLoads
            : fullLoads).increment();
        receivedBytes.increment(received);
    }

    void evicted()
    {
        evictions.increment();
    }

    CacheCounts cacheCounts()
    {
        return new CacheCounts((long)unchangedLoads.count(), (long)deltaLoads.count(), (long)fullLoads.count(),
            (long)evictions.count(), (long)receivedBytes.count());
    }

    long conflictCount()
    {
        return (long)conflicts.count();
    }
}
