package dev.sessionfarm.stateserver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.model.SaveResult;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateclient.StateServerRefusedException;
import dev.sessionfarm.stateprotocol.ErrorCode;
import dev.sessionfarm.stateprotocol.ServerStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.sessionfarm.stateserver.Sessions.attributes;
import static dev.sessionfarm.stateserver.Sessions.metadata;
import static dev.sessionfarm.stateserver.Sessions.uniqueScope;
import static dev.sessionfarm.stateserver.Sessions.values;
import static dev.sessionfarm.stateserver.Sessions.writtenVersion;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The semantics of every operation, against one real server process; each test uses its own scope. */
class OperationSemanticsTest
{
    private static StateServerFixture server;
    private static StateServerClient client;
    private final String scope = uniqueScope();

    @BeforeAll
    static void startServer()
    {
        server = StateServerFixture.startWithKey();
        client = server.client(builder -> builder.poolSize(4));
    }

    @AfterAll
    static void stopServer()
    {
        server.close();
    }

    @Test
    void loadOfUnknownSessionIsNotFound()
    {
        assertEquals(LoadResult.Status.NOT_FOUND, client.load(scope, "nobody", 0).status());
        assertEquals(LoadResult.Status.NOT_FOUND, client.load(uniqueScope(), "nobody", 0).status());
    }

    @Test
    void replaceCreatesAtVersionOneAndLoadReturnsEverything()
    {
        SaveResult saved = client.save(SaveRequest.replace(scope, "s1", 0, metadata(2_000, 9_000),
            attributes("name", "Ada", "cart", "3 items")));
        assertEquals(new SaveResult(SaveResult.Status.SAVED, 1, 0), saved);

        LoadResult loaded = client.load(scope, "s1", 0);
        assertEquals(LoadResult.Status.FOUND, loaded.status());
        assertEquals(1, loaded.version());
        assertEquals(metadata(2_000, 9_000), loaded.metadata());
        assertEquals(Map.of("name", "Ada", "cart", "3 items"), values(loaded));
        assertEquals(1, writtenVersion(loaded, "name"));
    }

    @Test
    void loadWithCurrentVersionIsUnchangedWithoutAttributes()
    {
        client.save(SaveRequest.replace(scope, "s1", 0, metadata(2_000, 0), attributes("a", "1")));
        LoadResult unchanged = client.load(scope, "s1", 1);
        assertEquals(LoadResult.Status.UNCHANGED, unchanged.status());
        assertEquals(1, unchanged.version());
        assertEquals(metadata(2_000, 0), unchanged.metadata());
        assertTrue(unchanged.attributes().isEmpty());
        assertEquals(LoadResult.Status.FOUND, client.load(scope, "s1", 7).status());
    }

    @Test
    void deltaChangesOnlyNamedAttributesAndBumpsVersion()
    {
        client.save(SaveRequest.replace(scope, "s", 0, metadata(2_000, 0), attributes("a", "1", "b", "2", "c", "3")));
        SaveResult saved = client.save(SaveRequest.delta(scope, "s", 1, metadata(3_000, 0), attributes("b", "20"),
            List.of("c")));
        assertEquals(2, saved.newVersion());
        assertEquals(0, saved.conflicts());

        LoadResult loaded = client.load(scope, "s", 0);
        assertEquals(Map.of("a", "1", "b", "20"), values(loaded));
        assertEquals(1, writtenVersion(loaded, "a"));
        assertEquals(2, writtenVersion(loaded, "b"));
        assertEquals(3_000, loaded.metadata().accessed());
    }

    @Test
    void replaceOfExistingSessionDropsAllPreviousAttributes()
    {
        client.save(SaveRequest.replace(scope, "s", 0, metadata(2_000, 0), attributes("a", "1", "b", "2")));
        SaveResult saved = client.save(SaveRequest.replace(scope, "s", 1, metadata(1_500, 0), attributes("z", "26")));
        assertEquals(2, saved.newVersion());
        LoadResult loaded = client.load(scope, "s", 0);
        assertEquals(Map.of("z", "26"), values(loaded));
        assertEquals(1_500, loaded.metadata().accessed(), "a replace writes its metadata unconditionally");
    }

    @Test
    void deltaOnMissingOrDeletedSessionIsNotFoundAndNeverResurrects()
    {
        SaveRequest delta = SaveRequest.delta(scope, "gone", 1, metadata(2_000, 0), attributes("a", "1"), List.of());
        assertEquals(SaveResult.Status.NOT_FOUND, client.save(delta).status());

        client.save(SaveRequest.replace(scope, "gone", 0, metadata(2_000, 0), attributes("a", "1")));
        assertTrue(client.delete(scope, "gone", 0));
        assertEquals(SaveResult.Status.NOT_FOUND, client.save(delta).status());
        assertEquals(LoadResult.Status.NOT_FOUND, client.load(scope, "gone", 0).status());
    }

    @Test
    void conflictsCountNamesWrittenBySomeoneElseSinceTheBaseVersion()
    {
        client.save(SaveRequest.replace(scope, "s", 0, metadata(1_000, 0), attributes("a", "1", "b", "1", "c", "1")));
        // Node X loaded version 1; node Y then writes a and b (version 2) and c (version 3).
        client.save(SaveRequest.delta(scope, "s", 1, metadata(2_000, 0), attributes("a", "y", "b", "y"), List.of()));
        client.save(SaveRequest.delta(scope, "s", 2, metadata(2_100, 0), attributes("c", "y"), List.of()));

        // X saves a, removes c, and sets a new d, all against base 1: a and c changed since, d is new.
        SaveResult fromX = client.save(SaveRequest.delta(scope, "s", 1, metadata(2_200, 0),
            attributes("a", "x", "d", "x"), List.of("c")));
        assertEquals(4, fromX.newVersion());
        assertEquals(2, fromX.conflicts());
        assertEquals(Map.of("a", "x", "b", "y", "d", "x"), values(client.load(scope, "s", 0)),
            "last write still wins");

        SaveResult upToDate = client.save(SaveRequest.delta(scope, "s", 4, metadata(2_300, 0), attributes("a", "z"),
            List.of("b")));
        assertEquals(0, upToDate.conflicts());
    }

    @Test
    void deltaMetadataAppliesOnlyIfNotOlder()
    {
        client.save(SaveRequest.replace(scope, "s", 0, metadata(5_000, 0, "node-a"), attributes("a", "1")));
        client.save(SaveRequest.delta(scope, "s", 1, metadata(4_000, 0, "node-b"), attributes("a", "2"), List.of()));
        LoadResult loaded = client.load(scope, "s", 0);
        assertEquals(5_000, loaded.metadata().accessed());
        assertEquals("node-a", loaded.metadata().lastNode());
        assertEquals(Map.of("a", "2"), values(loaded), "the attributes of an older save still apply");

        client.save(SaveRequest.delta(scope, "s", 2, metadata(5_000, 0, "node-c"), Map.of(), List.of()));
        assertEquals("node-c", client.load(scope, "s", 0).metadata().lastNode(), "equal access time applies");
    }

    @Test
    void touchWritesOnlyNewerMetadataAndNeverAttributesOrVersion()
    {
        assertFalse(client.touch(scope, "missing", metadata(1, 0)));
        client.save(SaveRequest.replace(scope, "s", 0, metadata(5_000, 10_000), attributes("a", "1")));

        assertTrue(client.touch(scope, "s", metadata(6_000, 20_000, "node-b")));
        LoadResult touched = client.load(scope, "s", 1);
        assertEquals(LoadResult.Status.UNCHANGED, touched.status());
        assertEquals(metadata(6_000, 20_000, "node-b"), touched.metadata());

        assertTrue(client.touch(scope, "s", metadata(5_500, 30_000, "node-c")), "ignored but still OK");
        assertEquals(metadata(6_000, 20_000, "node-b"), client.load(scope, "s", 0).metadata());
        assertEquals(Map.of("a", "1"), values(client.load(scope, "s", 0)));
    }

    @Test
    void conditionalDeleteOnlyDeletesSessionsExpiredByThen()
    {
        client.save(SaveRequest.replace(scope, "expiring", 0, metadata(1_000, 10_000), Map.of()));
        client.save(SaveRequest.replace(scope, "immortal", 0, metadata(1_000, 0), Map.of()));

        assertFalse(client.delete(scope, "expiring", 9_999));
        assertFalse(client.delete(scope, "immortal", Long.MAX_VALUE), "expiry 0 never expires");
        assertTrue(client.delete(scope, "expiring", 10_000));
        assertFalse(client.delete(scope, "expiring", 0), "already gone");
        assertTrue(client.delete(scope, "immortal", 0));
    }

    @Test
    void exactlyOneOfManyConcurrentDeletersDeletes() throws Exception
    {
        for (int round = 0; round < 20; round++)
        {
            String id = "contended-" + round;
            client.save(SaveRequest.replace(scope, id, 0, metadata(1_000, 5_000), Map.of()));
            List<Boolean> outcomes = concurrently(8, () -> client.delete(scope, id, 6_000));
            assertEquals(1, outcomes.stream().filter(deleted -> deleted).count(), "round " + round);
        }
    }

    @Test
    void existsAndCheckExpiredUseTheCallersClock()
    {
        client.save(SaveRequest.replace(scope, "live", 0, metadata(1_000, 10_000), Map.of()));
        client.save(SaveRequest.replace(scope, "forever", 0, metadata(1_000, 0), Map.of()));

        assertTrue(client.exists(scope, "live", 9_999));
        assertFalse(client.exists(scope, "live", 10_000));
        assertTrue(client.exists(scope, "forever", Long.MAX_VALUE));
        assertFalse(client.exists(scope, "missing", 0));
        assertEquals(List.of("live", "missing"),
            client.checkExpired(scope, List.of("live", "forever", "missing"), 10_000));
        assertEquals(List.of("missing"), client.checkExpired(scope, List.of("live", "missing"), 9_000));
    }

    @Test
    void expiredSessionsAreStillLoaded()
    {
        client.save(SaveRequest.replace(scope, "old", 0, metadata(1_000, 2_000), attributes("a", "1")));
        LoadResult loaded = client.load(scope, "old", 0);
        assertEquals(LoadResult.Status.FOUND, loaded.status());
        assertTrue(loaded.metadata().isExpiredAt(3_000));
    }

    @Test
    void claimsAreExclusiveAmongConcurrentClaimersUntilTheyLapse() throws Exception
    {
        Set<String> expired = new HashSet<>();
        for (int i = 0; i < 200; i++)
        {
            client.save(SaveRequest.replace(scope, "e" + i, 0, metadata(1_000, 5_000 + i), Map.of()));
            expired.add("e" + i);
        }
        client.save(SaveRequest.replace(scope, "later", 0, metadata(1_000, 90_000), Map.of()));
        client.save(SaveRequest.replace(scope, "never", 0, metadata(1_000, 0), Map.of()));

        AtomicCounter claimant = new AtomicCounter();
        List<List<String>> claims = concurrently(6, () ->
        {
            String me = "node-" + claimant.next();
            List<String> mine = new ArrayList<>();
            List<String> batch;
            while (!(batch = client.claimExpired(scope, 10_000, 7, me, 60_000, 10_000)).isEmpty())
            {
                mine.addAll(batch);
            }
            return mine;
        });
        List<String> all = new ArrayList<>();
        claims.forEach(all::addAll);
        assertEquals(expired.size(), all.size(), "no id claimed twice");
        assertEquals(expired, new HashSet<>(all));

        assertEquals(List.of(), client.claimExpired(scope, 10_000, 500, "late", 60_000, 69_999), "claims live");
        assertEquals(200, client.claimExpired(scope, 10_000, 500, "late", 60_000, 70_001).size(),
            "claims that ran out can be taken again");
    }

    @Test
    void cleanOrphansDeletesExpiredSessionsOfEveryScopeInBoundedBatches()
    {
        String otherScope = uniqueScope();
        for (int i = 0; i < 5; i++)
        {
            client.save(SaveRequest.replace(scope, "o" + i, 0, metadata(1_000, 2_000), Map.of()));
            client.save(SaveRequest.replace(otherScope, "o" + i, 0, metadata(1_000, 2_000), Map.of()));
        }
        client.save(SaveRequest.replace(scope, "young", 0, metadata(1_000, 50_000), Map.of()));
        // Other tests share this server; only sessions that expired by 2 000 are old enough here.
        int first = client.cleanOrphans(2_000, 4);
        assertEquals(4, first);
        int rest = 0;
        int batch;
        while ((batch = client.cleanOrphans(2_000, 4)) > 0)
        {
            rest += batch;
        }
        assertTrue(first + rest >= 10);
        assertEquals(LoadResult.Status.NOT_FOUND, client.load(otherScope, "o3", 0).status());
        assertEquals(LoadResult.Status.FOUND, client.load(scope, "young", 0).status());
    }

    @Test
    void valuesAreOpaqueBytesAndNamesAndIdsMayBeAnyUnicode()
    {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++)
        {
            binary[i] = (byte)i;
        }
        String id = "séssion-✓-" + "x".repeat(300);
        client.save(SaveRequest.replace(scope, id, 0, metadata(1_000, 0, "nœud-1"),
            Map.of("blob", binary, "naïve ключ", new byte[0])));
        LoadResult loaded = client.load(scope, id, 0);
        assertArrayEquals(binary, loaded.attributes().stream().filter(a -> a.name().equals("blob")).findFirst()
            .orElseThrow().value());
        assertEquals(0, loaded.attributes().stream().filter(a -> a.name().equals("naïve ключ")).findFirst()
            .orElseThrow().value().length);
        assertEquals("nœud-1", loaded.metadata().lastNode());
    }

    @Test
    void malformedRequestsAreRefusedWithoutHarmingTheConnection()
    {
        StateServerRefusedException refused = assertThrows(StateServerRefusedException.class,
            () -> client.claimExpired(scope, 1, 0, "me", 1, 1));
        assertEquals(ErrorCode.BAD_REQUEST, refused.code());
        assertTrue(refused.getMessage().contains("limit"), refused.getMessage());
        client.ping();
        assertNull(assertThrows(IllegalArgumentException.class, () -> new SaveRequest(scope, "s", false, 0,
            metadata(1, 0), attributes("a", "1"), Set.of("a"))).getCause());
    }

    @Test
    void statsCountSessionsOperationsAndConnections()
    {
        client.save(SaveRequest.replace(scope, "counted", 0, metadata(1_000, 0), attributes("a", "x".repeat(1000))));
        client.ping();
        ServerStats stats = client.stats();
        assertTrue(stats.activeSessions() >= 1);
        assertTrue(stats.bytesHeld() > 1000);
        assertEquals(512L << 20, stats.memoryBound());
        assertTrue(stats.get("ops.save") >= 1);
        assertTrue(stats.get("ops.ping") >= 1);
        assertTrue(stats.currentConnections() >= 1);
        assertTrue(stats.totalConnections() >= stats.currentConnections());
        assertTrue(stats.persistence().startsWith("off"), stats.persistence());
    }

    private static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception
    {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++)
            {
                futures.add(pool.submit(() ->
                {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures)
            {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static final class AtomicCounter
    {
        private final java.util.concurrent.atomic.AtomicInteger value = new java.util.concurrent.atomic.AtomicInteger();

        int next()
        {
            return value.incrementAndGet();
        }
    }
}
