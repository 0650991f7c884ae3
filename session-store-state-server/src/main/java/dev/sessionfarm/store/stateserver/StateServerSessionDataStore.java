package dev.sessionfarm.store.stateserver;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.model.SaveResult;
import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.DeltaSessionDataStore;
import dev.sessionfarm.session.store.Durability;
import dev.sessionfarm.session.store.LoadedSession;
import dev.sessionfarm.session.store.PartitionedSessionDataStore;
import dev.sessionfarm.session.store.SessionStoreUnavailableException;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateclient.StateServerUnavailableException;
import dev.sessionfarm.stateclient.StoredAttribute;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sessions in the state server. Each store operation is one state-server operation with the same meaning, so
 * this class only translates: the server applies deltas atomically, versions sessions, counts conflicts and makes
 * claims and conditional deletes exclusive.
 */
public class StateServerSessionDataStore extends DeltaSessionDataStore
    implements PartitionedSessionDataStore.SessionCounting
{
    /** STATS counter: 0 memory only, 1 on disk a moment after the answer, 2 on disk before it (fsync always). */
    static final String DURABILITY_COUNTER = "persistence.durability";

    private final StateServerClient client;

    public StateServerSessionDataStore(SessionSettings config, SessionCodec codec, MeterRegistry meters,
                                       StateServerClient client)
    {
        super("state-server", config, codec, meters);
        this.client = client;
    }

    /** Servers from before this counter existed do not send it: then nothing is promised. */
    @Override
    protected Durability checkDurability()
    {
        Long level = client.stats().counters().get(DURABILITY_COUNTER);
        if (level == null)
            return Durability.UNKNOWN;
        return level >= 2 ? Durability.DURABLE : level == 1 ? Durability.WRITTEN_SOON : Durability.IN_MEMORY;
    }

    @Override
    protected LoadedSession loadStored(String id)
    {
        return loadStored(id, 0);
    }

    /** A server from before protocol 2 answers FOUND where a newer one sends a delta: both are handled. */
    @Override
    protected LoadedSession loadStored(String id, long knownVersion)
    {
        LoadResult loaded = call(() -> client.load(scope(), id, knownVersion));
        if (loaded.status() == LoadResult.Status.NOT_FOUND)
            return null;
        Map<String, byte[]> attributes = new HashMap<>();
        for (StoredAttribute attribute : loaded.attributes())
            attributes.put(attribute.name(), attribute.value());
        LoadedSession.Kind kind = switch (loaded.status())
        {
            case UNCHANGED -> LoadedSession.Kind.UNCHANGED;
            case DELTA -> LoadedSession.Kind.DELTA;
            default -> LoadedSession.Kind.FULL;
        };
        return new LoadedSession(kind, loaded.metadata(), loaded.version(), attributes,
            Set.copyOf(loaded.kept()));
    }

    @Override
    protected SaveResult saveStored(SaveRequest save)
    {
        return call(() -> client.save(save));
    }

    @Override
    protected void touchStored(String id, SessionMetadata metadata)
    {
        call(() -> client.touch(scope(), id, metadata));
    }

    @Override
    protected boolean deleteStored(String id, long onlyIfExpiredAt)
    {
        return call(() -> client.delete(scope(), id, onlyIfExpiredAt));
    }

    @Override
    protected boolean existsStored(String id, long now)
    {
        return call(() -> client.exists(scope(), id, now));
    }

    @Override
    protected Set<String> expiredAmong(Set<String> candidates, long now)
    {
        return new LinkedHashSet<>(call(() -> client.checkExpired(scope(), candidates, now)));
    }

    @Override
    protected Set<String> claimExpired(long before, int limit, String claimant, long claimTtlMs, long now)
    {
        return new LinkedHashSet<>(call(() -> client.claimExpired(scope(), before, limit, claimant, claimTtlMs, now)));
    }

    @Override
    protected int cleanOrphans(long before, int limit)
    {
        return call(() -> client.cleanOrphans(before, limit));
    }

    @Override
    public long storedSessions()
    {
        return call(client::stats).activeSessions();
    }

    private static <T> T call(Supplier<T> operation)
    {
        try
        {
            return operation.get();
        }
        catch (StateServerUnavailableException e)
        {
            throw new SessionStoreUnavailableException(e.getMessage(), e);
        }
    }
}
