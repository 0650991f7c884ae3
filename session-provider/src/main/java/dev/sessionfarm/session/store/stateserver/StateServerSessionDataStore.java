package dev.sessionfarm.session.store.stateserver;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.store.DeltaSessionDataStore;
import dev.sessionfarm.session.store.SaveResult;
import dev.sessionfarm.session.store.SessionMetadata;
import dev.sessionfarm.session.store.SessionStoreUnavailableException;
import dev.sessionfarm.session.store.SessionWrite;
import dev.sessionfarm.session.store.StoredSession;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.SaveRequest;
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
{
    private final StateServerClient client;

    public StateServerSessionDataStore(SessionConfig config, SessionCodec codec, MeterRegistry meters,
                                       StateServerClient client)
    {
        super("state-server", config, codec, meters);
        this.client = client;
    }

    @Override
    protected StoredSession loadStored(String id)
    {
        LoadResult loaded = call(() -> client.load(scope(), id, 0));
        if (loaded.status() == LoadResult.Status.NOT_FOUND)
            return null;
        Map<String, byte[]> attributes = new HashMap<>();
        for (StoredAttribute attribute : loaded.attributes())
            attributes.put(attribute.name(), attribute.value());
        return new StoredSession(fromWire(loaded.metadata()), loaded.version(), attributes);
    }

    @Override
    protected SaveResult saveStored(SessionWrite write)
    {
        dev.sessionfarm.stateclient.SaveResult saved = call(() -> client.save(new SaveRequest(scope(), write.id(),
            write.replace(), write.baseVersion(), toWire(write.metadata()), write.set(), write.removed())));
        return saved.saved() ? new SaveResult(saved.newVersion(), saved.conflicts()) : null;
    }

    @Override
    protected void touchStored(String id, SessionMetadata metadata)
    {
        call(() -> client.touch(scope(), id, toWire(metadata)));
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
    protected int deleteExpiredOfAnyScope(long before, int limit)
    {
        return call(() -> client.cleanOrphans(before, limit));
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

    private static dev.sessionfarm.stateclient.SessionMetadata toWire(SessionMetadata m)
    {
        return new dev.sessionfarm.stateclient.SessionMetadata(m.created(), m.accessed(), m.lastAccessed(), m.cookieSet(),
            m.maxInactiveMs(), Math.max(0, m.expiry()), m.lastNode());
    }

    private static SessionMetadata fromWire(dev.sessionfarm.stateclient.SessionMetadata m)
    {
        return new SessionMetadata(m.created(), m.accessed(), m.lastAccessed(), m.cookieSet(), m.maxInactiveMs(),
            m.expiry(), m.lastNode());
    }
}
