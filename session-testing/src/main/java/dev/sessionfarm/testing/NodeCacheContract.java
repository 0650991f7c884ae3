package dev.sessionfarm.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.CacheCounts;
import dev.sessionfarm.session.store.DeltaSessionDataStore;
import dev.sessionfarm.session.store.TrackedSessionData;
import org.eclipse.jetty.session.SessionData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node cache (store contract item 10) over a store that can answer "unchanged" and deltas: a node holding an
 * old copy sees every change, removal and invalidation made elsewhere on its next request, while its loads
 * transfer only what changed.
 */
public abstract class NodeCacheContract
{
    private final List<TestNode> nodes = new ArrayList<>();
    protected final String scope = "cache-" + UUID.randomUUID().toString().substring(0, 8);

    /** Settings that point a node at the store (mode and address). */
    protected abstract SessionSettings.Builder settings();

    @AfterEach
    void stopNodes() throws Exception
    {
        for (TestNode node : nodes)
            node.close();
        nodes.clear();
    }

    protected TestNode node(String worker, Consumer<SessionSettings.Builder> tweak) throws Exception
    {
        SessionSettings.Builder settings = settings()
            .set(SessionSetting.WORKER_NAME, worker)
            .set(SessionSetting.APPLICATION_NAME, scope)
            .set(SessionSetting.POOL_SIZE, "2");
        tweak.accept(settings);
        TestNode node = TestNode.start("/", settings.build(), null);
        nodes.add(node);
        return node;
    }

    protected TestNode node(String worker) throws Exception
    {
        return node(worker, s ->
        {
        });
    }

    protected static DeltaSessionDataStore store(TestNode node)
    {
        return (DeltaSessionDataStore)node.store();
    }

    protected static CacheCounts counts(TestNode node)
    {
        return store(node).cacheCounts();
    }

    @Test
    void aNodeHoldingAnOldCopySeesAnotherNodesChangeAndRemoval() throws Exception
    {
        TestNode a = node("a");
        TestNode b = node("b");
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=step&value=shipping"));
        client.ok(a.probe("put?name=note&value=gift"));
        assertEquals("shipping", client.ok(a.probe("get?name=step")));
        long unchanged = counts(a).unchanged();
        assertEquals("gift", client.ok(a.probe("get?name=note")));
        assertEquals(unchanged + 1, counts(a).unchanged(), "a's copy was current: nothing was sent");

        client.ok(b.probe("put?name=step&value=payment"));
        client.ok(b.probe("remove?name=note"));
        long deltas = counts(a).delta();
        assertEquals("payment", client.ok(a.probe("get?name=step")));
        assertEquals("null", client.ok(a.probe("get?name=note")));
        assertEquals(deltas + 1, counts(a).delta(), "the first load after b's saves was a delta");
    }

    @Test
    void anInvalidationOnOneNodeEndsTheSessionOnEveryNode() throws Exception
    {
        TestNode a = node("a");
        TestNode b = node("b");
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=step&value=shipping"));
        assertEquals("shipping", client.ok(a.probe("get?name=step")));
        assertEquals(1, store(a).cachedSessions());

        client.ok(b.probe("invalidate"));
        assertEquals("no-session", client.ok(a.probe("get?name=step")));
        assertEquals(0, store(a).cachedSessions(), "a dropped its copy once the store had none");
    }

    @Test
    void aDeltaLoadReceivesOnlyTheChangedAttribute() throws Exception
    {
        TestNode a = node("a");
        TestNode b = node("b");
        SessionClient client = new SessionClient();
        client.ok(a.probe("put-bytes?name=big&size=20000"));
        client.ok(a.probe("put?name=step&value=1"));
        long before = counts(b).receivedBytes();
        client.ok(b.probe("get?name=step"));
        long full = counts(b).receivedBytes() - before;

        client.ok(a.probe("put?name=step&value=2"));
        before = counts(b).receivedBytes();
        assertEquals("2", client.ok(b.probe("get?name=step")));
        long delta = counts(b).receivedBytes() - before;
        System.out.printf("node cache (%s): a 20 KB session, one small attribute changed: full load %d bytes,"
            + " delta load %d bytes, unchanged 0%n", getClass().getSimpleName(), full, delta);
        assertTrue(full > 20000, "full load " + full);
        assertTrue(delta > 0 && delta < 100, "delta load " + delta);
    }

    @Test
    void theByteBoundEvictsTheLeastRecentlyUsedSession() throws Exception
    {
        TestNode a = node("a", s -> s.set(SessionSetting.NODE_CACHE_SIZE, "50KiB"));
        List<SessionClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            SessionClient client = new SessionClient();
            client.ok(a.probe("put-bytes?name=big&size=20000"));
            clients.add(client);
        }
        CacheCounts counts = counts(a);
        assertEquals(1, counts.evictions(), "the third 20 KB session pushed the first out");
        assertEquals(2, store(a).cachedSessions());
        assertTrue(store(a).cachedBytes() <= 50 * 1024);

        clients.get(2).ok(a.probe("get?name=other"));
        assertEquals(counts.unchanged() + 1, counts(a).unchanged(), "the newest is still cached");
        clients.get(0).ok(a.probe("get?name=other"));
        assertEquals(counts.full() + 1, counts(a).full(), "the evicted one is loaded whole");
    }

    @Test
    void aReadOnlyRequestWritesTheAccessTimeOnlyOncePerSavePeriodCappedByTheTimeout() throws Exception
    {
        TestNode a = node("a", s -> s.set(SessionSetting.SAVE_PERIOD, "60s"));
        TestNode quick = node("q", s -> s.set(SessionSetting.SAVE_PERIOD, "60s").set(SessionSetting.TIMEOUT, "8s"));
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=step&value=shipping"));
        String id = sessionId(client);
        long written = a.store().load(id).getAccessed();
        Thread.sleep(20);
        assertEquals("shipping", client.ok(a.probe("get?name=step")));
        Thread.sleep(300); // Jetty writes the access time as the request exits, after the response
        assertEquals(written, a.store().load(id).getAccessed(), "within the save period nothing was written");

        SessionClient brief = new SessionClient();
        brief.ok(quick.probe("put?name=step&value=shipping"));
        String shortId = sessionId(brief);
        written = quick.store().load(shortId).getAccessed();
        Thread.sleep(2_100);
        assertEquals("shipping", brief.ok(quick.probe("get?name=step")));
        long before = written;
        // An 8 s timeout caps the period at 2 s, so the stored expiry is at most 2 s behind.
        await().atMost(Duration.ofSeconds(5)).until(() -> quick.store().load(shortId).getAccessed() > before);
    }

    private static String sessionId(SessionClient client)
    {
        String cookie = client.cookie();
        int dot = cookie.lastIndexOf('.');
        return dot < 0 ? cookie : cookie.substring(0, dot);
    }

    @Test
    void aRequestsUncommittedChangesNeverReachTheCache() throws Exception
    {
        TestNode a = node("a");
        SessionClient client = new SessionClient();
        client.ok(a.probe("put-bytes?name=big&size=100"));
        client.ok(a.probe("put?name=step&value=shipping"));
        String id = sessionId(client);

        SessionData first = a.store().load(id);
        byte[] bytes = (byte[])first.getAttribute("big");
        byte[] original = bytes.clone();
        bytes[0]++;
        first.setAttribute("step", "payment");
        SessionData second = a.store().load(id);
        assertArrayEquals(original, (byte[])second.getAttribute("big"), "a mutable value is each request's own copy");
        assertEquals("shipping", second.getAttribute("step"), "an unsaved setAttribute stays in its request");
        assertSame(second.getAttribute("step"), a.store().load(id).getAttribute("step"),
            "an immutable value is shared, not decoded again");
    }

    @Test
    void aSaveSerializesAgainOnlyValuesThatMayHaveChangedSinceSetAttribute() throws Exception
    {
        TestNode a = node("a", s -> s.set(SessionSetting.COMPRESS_THRESHOLD, "0"));
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=start&value=1"));
        long before = store(a).encodedBytes();
        client.ok(a.probe("put-text?name=essay&size=20000"));
        long immutable = store(a).encodedBytes() - before;
        before = store(a).encodedBytes();
        client.ok(a.probe("put-bytes?name=photo&size=20000"));
        long mutable = store(a).encodedBytes() - before;
        System.out.printf("save path (%s): bytes serialized by the save after setAttribute: a 20 KB string %d,"
            + " a 20 KB byte[] %d%n", getClass().getSimpleName(), immutable, mutable);
        assertEquals(0, immutable, "an immutable value is saved as setAttribute serialized it");
        assertTrue(mutable >= 20000, "a mutable value is serialized as it is at the save: " + mutable);
    }

    @Test
    void anObjectSavedRightAfterAnotherNodesSaveStillLearnsThatSave() throws Exception
    {
        TestNode a = node("a");
        TestNode b = node("b");
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=x&value=1"));
        client.ok(a.probe("put?name=y&value=1"));
        String id = sessionId(client);

        TrackedSessionData onB = (TrackedSessionData)store(b).load(id);
        SessionData onA = store(a).load(id);
        onA.setAttribute("x", "2");
        store(a).store(id, onA);
        onB.setAttribute("y", "2");
        store(b).store(id, onB);

        assertTrue(store(b).refresh(onB));
        assertEquals("2", onB.getAttribute("x"), "a's save came between b's load and b's save");
        assertEquals("2", onB.getAttribute("y"));
    }
}
