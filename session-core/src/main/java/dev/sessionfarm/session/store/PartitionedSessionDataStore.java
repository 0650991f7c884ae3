package dev.sessionfarm.session.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.model.SaveResult;
import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.session.StoreContext;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.Partitions.Partition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions spread over several stores of one kind, each session in exactly one, chosen from its id
 * ({@link Partitions}). The node cache, codec and policy stay here; every backend operation of a session goes to its
 * partition, and housekeeping runs on each partition by itself, so a partition that is down costs only its own
 * sessions (their requests get the 503 page) and its own cleanup.
 * <p>
 * While the list changes, a second list ({@code session.otherPartitions}) says where else a session may be: one not
 * found where the first list places it is looked for where the second places it, and stays there for its life.
 * Nothing is copied between stores, so no two copies of a session can disagree.
 */
public final class PartitionedSessionDataStore extends DeltaSessionDataStore
{
    private static final Logger LOG = LoggerFactory.getLogger(PartitionedSessionDataStore.class);

    private final Partitions<DeltaSessionDataStore> placement;
    /** Null when no change is under way. */
    private final Partitions<DeltaSessionDataStore> other;
    /** Every store of both lists once, for housekeeping. */
    private final List<Partition<DeltaSessionDataStore>> distinct;

    /**
     * @param placement where sessions live and new ones are placed
     * @param other     where else a session may be while the list changes, or null
     */
    public PartitionedSessionDataStore(String storeName, SessionSettings config, SessionCodec codec,
                                       MeterRegistry meters,
                                       Partitions<DeltaSessionDataStore> placement,
                                       Partitions<DeltaSessionDataStore> other)
    {
        super(storeName, config, codec, meters);
        this.placement = placement;
        this.other = other;
        Map<String, Partition<DeltaSessionDataStore>> byName = new LinkedHashMap<>();
        placement.all().forEach(p -> byName.putIfAbsent(p.name(), p));
        if (other != null)
            other.all().forEach(p -> byName.putIfAbsent(p.name(), p));
        this.distinct = List.copyOf(byName.values());
        for (Partition<DeltaSessionDataStore> p : distinct)
            if (p.store() instanceof SessionCounting counting)
                Gauge.builder("session.store.partition.sessions", counting, countOrNaN())
                    .description("Sessions stored in this partition, all applications (NaN while it cannot be asked)")
                    .tag("store", storeName).tag("partition", p.name()).register(meters);
    }

    /**
     * The store for a list of addresses: the backend itself for one address (and no change under way), otherwise a
     * partitioned store over one backend per distinct address of both lists.
     *
     * @param backend builds the backend for one address, reporting to the given meters
     */
    public static DeltaSessionDataStore over(String storeName, StoreContext context, List<String> addresses,
                                             List<String> otherAddresses,
                                             BiFunction<String, MeterRegistry, DeltaSessionDataStore> backend)
    {
        if (addresses.size() == 1 && otherAddresses.isEmpty())
            return backend.apply(addresses.get(0), context.meters());
        Map<String, DeltaSessionDataStore> byAddress = new LinkedHashMap<>();
        // Backends' own meters (their unused caches) would shadow this store's under the same names, and one
        // registry shared by them would log a warning for every backend after the first.
        for (String address : addresses)
            byAddress.computeIfAbsent(address, a -> backend.apply(a, new SimpleMeterRegistry()));
        for (String address : otherAddresses)
            byAddress.computeIfAbsent(address, a -> backend.apply(a, new SimpleMeterRegistry()));
        Partitions<DeltaSessionDataStore> placement = new Partitions<>(addresses.stream()
            .map(a -> new Partition<>(a, byAddress.get(a))).toList());
        Partitions<DeltaSessionDataStore> other = otherAddresses.isEmpty() ? null : new Partitions<>(otherAddresses
            .stream().map(a -> new Partition<>(a, byAddress.get(a))).toList());
        LOG.info("Sessions in {} partitions: {}{}", byAddress.size(), addresses,
            other == null ? "" : "; also looked for where " + otherAddresses + " places them");
        return new PartitionedSessionDataStore(storeName, context.settings(), context.codec(), context.meters(),
            placement, other);
    }

    /** A backend that can tell how many sessions it holds, for the per-partition gauge. */
    public interface SessionCounting
    {
        long storedSessions() throws Exception;
    }

    private static ToDoubleFunction<SessionCounting> countOrNaN()
    {
        return counting ->
        {
            try
            {
                return counting.storedSessions();
            }
            catch (Exception e)
            {
                return Double.NaN;
            }
        };
    }

    public List<String> partitionNames()
    {
        return distinct.stream().map(Partition::name).toList();
    }

    /** One partition as the health page shows it; {@code sessions} is -1 while the partition does not answer. */
    public record PartitionState(String name, long sessions)
    {
        public boolean answering()
        {
            return sessions >= 0;
        }
    }

    /** Asks every partition, one after the other, how many sessions it holds. */
    public List<PartitionState> partitionStates()
    {
        List<PartitionState> states = new ArrayList<>();
        for (Partition<DeltaSessionDataStore> p : distinct)
        {
            long sessions = -1;
            try
            {
                if (p.store() instanceof SessionCounting counting)
                    sessions = counting.storedSessions();
            }
            catch (Exception e)
            {
                LOG.debug("Partition {} did not answer: {}", p.name(), e.toString());
            }
            states.add(new PartitionState(p.name(), sessions));
        }
        return states;
    }

    /** The backends take this store's context, so they store under the same scope. */
    @Override
    protected void doStart() throws Exception
    {
        for (Partition<DeltaSessionDataStore> p : distinct)
        {
            p.store().initialize(_context);
            p.store().start();
        }
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception
    {
        super.doStop();
        for (Partition<DeltaSessionDataStore> p : distinct)
            p.store().stop();
    }

    private DeltaSessionDataStore home(String id)
    {
        return placement.of(id).store();
    }

    /** Where else the session may be, or null if nowhere else. */
    private DeltaSessionDataStore elsewhere(String id)
    {
        if (other == null)
            return null;
        DeltaSessionDataStore candidate = other.of(id).store();
        return candidate == home(id) ? null : candidate;
    }

    @Override
    protected LoadedSession loadStored(String id) throws Exception
    {
        return loadStored(id, 0);
    }

    @Override
    protected LoadedSession loadStored(String id, long knownVersion) throws Exception
    {
        LoadedSession found = home(id).loadStored(id, knownVersion);
        DeltaSessionDataStore elsewhere = elsewhere(id);
        return found != null || elsewhere == null ? found : elsewhere.loadStored(id, knownVersion);
    }

    /** A whole save of a session that lives elsewhere goes there: a second copy at home would outlive it. */
    @Override
    protected SaveResult saveStored(SaveRequest save) throws Exception
    {
        DeltaSessionDataStore elsewhere = elsewhere(save.id());
        if (elsewhere == null)
            return home(save.id()).saveStored(save);
        if (save.replace())
            return (elsewhere.existsStored(save.id(), 0) ? elsewhere : home(save.id())).saveStored(save);
        SaveResult saved = home(save.id()).saveStored(save);
        return saved.isSaved() ? saved : elsewhere.saveStored(save);
    }

    /** A touch never creates a session, so it may go to both places. */
    @Override
    protected void touchStored(String id, SessionMetadata metadata) throws Exception
    {
        home(id).touchStored(id, metadata);
        DeltaSessionDataStore elsewhere = elsewhere(id);
        if (elsewhere != null)
            elsewhere.touchStored(id, metadata);
    }

    @Override
    protected boolean deleteStored(String id, long onlyIfExpiredAt) throws Exception
    {
        boolean deleted = home(id).deleteStored(id, onlyIfExpiredAt);
        DeltaSessionDataStore elsewhere = elsewhere(id);
        return elsewhere != null ? elsewhere.deleteStored(id, onlyIfExpiredAt) || deleted : deleted;
    }

    @Override
    protected boolean existsStored(String id, long now) throws Exception
    {
        if (home(id).existsStored(id, now))
            return true;
        DeltaSessionDataStore elsewhere = elsewhere(id);
        return elsewhere != null && elsewhere.existsStored(id, now);
    }

    /** Asks each partition about its own candidates; one missing at home may still live elsewhere. */
    @Override
    protected Set<String> expiredAmong(Set<String> candidates, long now) throws Exception
    {
        Map<DeltaSessionDataStore, Set<String>> byHome = new HashMap<>();
        for (String id : candidates)
            byHome.computeIfAbsent(home(id), s -> new LinkedHashSet<>()).add(id);
        Set<String> expired = new LinkedHashSet<>();
        for (Map.Entry<DeltaSessionDataStore, Set<String>> group : byHome.entrySet())
            for (String id : group.getKey().expiredAmong(group.getValue(), now))
            {
                DeltaSessionDataStore elsewhere = elsewhere(id);
                if (elsewhere == null || !elsewhere.expiredAmong(Set.of(id), now).isEmpty())
                    expired.add(id);
            }
        return expired;
    }

    /** Each partition's claims are its own, so a session is still ended exactly once; a partition down waits. */
    @Override
    protected Set<String> claimExpired(long before, int limit, String claimant, long claimTtlMs, long now)
    {
        Set<String> claimed = new LinkedHashSet<>();
        for (Partition<DeltaSessionDataStore> p : distinct)
        {
            try
            {
                claimed.addAll(p.store().claimExpired(before, limit, claimant, claimTtlMs, now));
            }
            catch (Exception e)
            {
                LOG.warn("Partition {}: expired sessions not claimed this time: {}", p.name(), e.toString());
            }
        }
        return claimed;
    }

    @Override
    protected int cleanOrphans(long before, int limit)
    {
        int deleted = 0;
        for (Partition<DeltaSessionDataStore> p : distinct)
        {
            try
            {
                deleted += p.store().cleanOrphans(before, limit);
            }
            catch (Exception e)
            {
                LOG.warn("Partition {}: orphaned sessions not cleaned this time: {}", p.name(), e.toString());
            }
        }
        return deleted;
    }

    /** The weakest promise of any partition: a page may promise only what holds for every session. */
    @Override
    protected Durability checkDurability() throws Exception
    {
        List<Durability> each = new ArrayList<>();
        for (Partition<DeltaSessionDataStore> p : distinct)
            each.add(p.store().checkDurability());
        return each.stream().max(Enum::compareTo).orElse(Durability.UNKNOWN);
    }
}
