package dev.sessionfarm.testing.custom;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.model.SaveResult;
import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.session.SessionStoreProvider;
import dev.sessionfarm.session.StoreContext;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.config.SettingValues;
import dev.sessionfarm.session.store.DeltaSessionDataStore;
import dev.sessionfarm.session.store.LoadedSession;
import dev.sessionfarm.session.store.SessionStoreUnavailableException;
import org.eclipse.jetty.session.SessionDataStore;

/**
 * A custom provider, as an application would write one: {@code session.mode=test-map} keeps sessions in a map
 * shared by every node of this JVM. It shows how little a store has to implement, and runs the same contract. Its one
 * setting of its own, {@code session.testMapDelay}, is declared and parsed here, as a real store declares its own.
 */
public final class MapStoreProvider implements SessionStoreProvider
{
    static final SessionSetting DELAY = new SessionSetting("session.testMapDelay", "0ms",
        "Pause before every call to the test map (test-map mode), to play a slow store.");

    /** Everything "stored", keyed by scope + id; {@code down} plays an unreachable store. */
    static final Map<String, Entry> SESSIONS = new ConcurrentHashMap<>();
    static volatile boolean down;

    record Entry(SessionMetadata metadata, long version, Map<String, byte[]> values, Map<String, Long> written,
        String claimedBy, long claimedUntil)
    {
    }

    @Override
    public String mode()
    {
        return "test-map";
    }

    @Override
    public List<SessionSetting> settings()
    {
        return List.of(DELAY);
    }

    @Override
    public void check(SessionSettings settings)
    {
        delay(settings);
    }

    private static Duration delay(SessionSettings settings)
    {
        return SettingValues.duration(DELAY, settings.text(DELAY));
    }

    @Override
    public SessionDataStore create(StoreContext context)
    {
        return new MapStore(context, delay(context.settings()));
    }

    static final class MapStore extends DeltaSessionDataStore
    {
        private final Duration delay;

        MapStore(StoreContext context, Duration delay)
        {
            super("test-map", context.settings(), context.codec(), context.meters());
            this.delay = delay;
        }

        private String key(String id)
        {
            check();
            pause();
            return scope() + "|" + id;
        }

        private void pause()
        {
            if (delay.isZero())
                return;
            try
            {
                Thread.sleep(delay.toMillis());
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new SessionStoreUnavailableException("interrupted while playing a slow store", e);
            }
        }

        private static void check()
        {
            if (down)
                throw new SessionStoreUnavailableException("the test map store is down", null);
        }

        private static boolean expired(Entry e, long now)
        {
            return e.metadata().expiry() > 0 && e.metadata().expiry() <= now;
        }

        @Override
        protected LoadedSession loadStored(String id)
        {
            Entry e = SESSIONS.get(key(id));
            return e == null ? null : new LoadedSession(e.metadata(), e.version(), Map.copyOf(e.values()));
        }

        @Override
        protected SaveResult saveStored(SaveRequest save)
        {
            int[] conflicts = {0};
            Entry saved = SESSIONS.compute(key(save.id()), (k, old) ->
            {
                if (old == null && !save.replace())
                    return null;
                Map<String, byte[]> values =
                    save.replace() || old == null ? new HashMap<>() : new HashMap<>(old.values());
                Map<String, Long> written =
                    save.replace() || old == null ? new HashMap<>() : new HashMap<>(old.written());
                long version = old == null ? 1 : old.version() + 1;
                Set<String> touched = new HashSet<>(save.set().keySet());
                touched.addAll(save.removed());
                if (!save.replace())
                    conflicts[0] =
                        (int)touched.stream().filter(n -> written.getOrDefault(n, 0L) > save.baseVersion()).count();
                save.removed().forEach(n ->
                {
                    values.remove(n);
                    written.remove(n);
                });
                save.set().forEach((n, v) ->
                {
                    values.put(n, v);
                    written.put(n, version);
                });
                boolean newer =
                    old == null || save.replace() || save.metadata().accessed() >= old.metadata().accessed();
                return new Entry(newer ? save.metadata() : old.metadata(), version, values, written, null, 0);
            });
            return saved == null ? SaveResult.notFound() : SaveResult.saved(saved.version(), conflicts[0]);
        }

        @Override
        protected void touchStored(String id, SessionMetadata metadata)
        {
            SESSIONS.computeIfPresent(key(id), (k, e) -> metadata.accessed() < e.metadata().accessed() ? e
                : new Entry(metadata, e.version(), e.values(), e.written(), e.claimedBy(), e.claimedUntil()));
        }

        @Override
        protected boolean deleteStored(String id, long onlyIfExpiredAt)
        {
            boolean[] deleted = {false};
            SESSIONS.computeIfPresent(key(id), (k, e) ->
            {
                deleted[0] = onlyIfExpiredAt == 0 || expired(e, onlyIfExpiredAt);
                return deleted[0] ? null : e;
            });
            return deleted[0];
        }

        @Override
        protected boolean existsStored(String id, long now)
        {
            Entry e = SESSIONS.get(key(id));
            return e != null && !expired(e, now);
        }

        @Override
        protected Set<String> expiredAmong(Set<String> candidates, long now)
        {
            Set<String> expired = new HashSet<>();
            for (String id : candidates)
            {
                if (!existsStored(id, now))
                    expired.add(id);
            }
            return expired;
        }

        @Override
        protected Set<String> claimExpired(long before, int limit, String claimant, long claimTtlMs, long now)
        {
            Set<String> claimed = new LinkedHashSet<>();
            String prefix = key("");
            for (String k : SESSIONS.keySet())
            {
                if (claimed.size() >= limit || !k.startsWith(prefix))
                    continue;
                SESSIONS.computeIfPresent(k, (key, e) ->
                {
                    if (e.metadata().expiry() <= 0 || e.metadata().expiry() > before || e.claimedUntil() >= now)
                        return e;
                    claimed.add(key.substring(prefix.length()));
                    return new Entry(e.metadata(), e.version(), e.values(), e.written(), claimant, now + claimTtlMs);
                });
            }
            return claimed;
        }

        @Override
        protected int cleanOrphans(long before, int limit)
        {
            check();
            int[] deleted = {0};
            for (String k : SESSIONS.keySet())
            {
                if (deleted[0] < limit)
                    SESSIONS.computeIfPresent(k, (key, e) -> expired(e, before) && deleted[0]++ < limit ? null : e);
            }
            return deleted[0];
        }
    }
}
