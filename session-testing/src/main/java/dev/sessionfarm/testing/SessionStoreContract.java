package dev.sessionfarm.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.DeltaSessionDataStore;
import org.eclipse.jetty.session.SessionData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The store contract of DESIGN.md (items 1-9), which every session-farm store meets. A subclass names the
 * store through {@link #backend()}; the tests run real Jetty nodes over it and talk to them over HTTP, sending each
 * request of a session to the next node in turn, as a round-robin balancer without sticky sessions does.
 */
public abstract class SessionStoreContract
{
    private final List<TestNode> nodes = new ArrayList<>();
    /** Each test stores under its own application name, so tests never see each other's sessions. */
    protected final String scope = "contract-" + UUID.randomUUID().toString().substring(0, 8);

    protected abstract ContractBackend backend();

    @AfterEach
    void stopNodes() throws Exception
    {
        for (TestNode node : nodes)
            node.close();
        nodes.clear();
    }

    protected TestNode node(String worker, Consumer<SessionSettings.Builder> tweak) throws Exception
    {
        return node(worker, "/", tweak, null);
    }

    protected TestNode node(String worker, String contextPath, Consumer<SessionSettings.Builder> tweak,
                            SessionEndLog endLog)
        throws Exception
    {
        SessionSettings.Builder settings = backend().settings()
            .set(SessionSetting.WORKER_NAME, worker)
            .set(SessionSetting.APPLICATION_NAME, scope)
            .set(SessionSetting.POOL_SIZE, "4");
        tweak.accept(settings);
        TestNode node = TestNode.start(contextPath, settings.build(), endLog);
        nodes.add(node);
        return node;
    }

    private static Consumer<SessionSettings.Builder> defaults()
    {
        return settings ->
        {
        };
    }

    private static String sessionId(SessionClient client)
    {
        String cookie = client.cookie();
        int dot = cookie.lastIndexOf('.');
        return dot < 0 ? cookie : cookie.substring(0, dot);
    }

    // ---- 1. Key: (application scope, session id) ----

    @Test
    void nodesWithTheSameApplicationNameShareSessionsWhateverTheirPath() throws Exception
    {
        TestNode shopA = node("a", "/shop-a", defaults(), null);
        TestNode shopB = node("b", "/shop-b", defaults(), null);
        TestNode other = node("c", "/other", s -> s.set(SessionSetting.APPLICATION_NAME, scope + "-other"), null);
        SessionClient client = new SessionClient();
        client.ok(shopA.probe("put?name=cart&value=3+books"));

        assertEquals("3 books", client.ok(shopB.probe("get?name=cart")));
        assertEquals("no-session", client.ok(other.probe("get?name=cart")));
    }

    // ---- 2. Load returns the latest committed state or nothing ----

    @Test
    void everyNodeSeesTheLatestSaveAndNothingAfterInvalidation() throws Exception
    {
        SessionEndLog ended = new SessionEndLog();
        TestNode a = node("a", "/", defaults(), ended);
        TestNode b = node("b", "/", defaults(), ended);
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=step&value=shipping"));
        assertEquals("shipping", client.ok(b.probe("get?name=step")));
        client.ok(b.probe("put?name=step&value=payment"));
        assertEquals("payment", client.ok(a.probe("get?name=step")));

        String id = sessionId(client);
        client.ok(a.probe("invalidate"));
        assertEquals("no-session", client.ok(b.probe("get?name=step")));
        assertEquals(List.of("a"), ended.endedOn().get(id));
    }

    @Test
    void theSessionSurvivesItsNodeBeingReplaced() throws Exception
    {
        TestNode first = node("a", defaults());
        SessionClient client = new SessionClient();
        for (int i = 0; i < 5; i++)
            client.ok(first.probe("inc?name=count"));
        first.close();
        nodes.remove(first);

        TestNode replacement = node("a", defaults());
        assertEquals("6", client.ok(replacement.probe("inc?name=count")));
    }

    // ---- 3. A save that changed only access times writes only those ----

    @Test
    void aSaveOfAccessTimesNeverRewritesAttributes() throws Exception
    {
        TestNode a = node("a", defaults());
        TestNode b = node("b", defaults());
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=answer&value=first"));
        String id = sessionId(client);

        SessionData stale = a.store().load(id);
        SessionData other = b.store().load(id);
        other.setAttribute("answer", "second");
        b.store().store(id, other);

        stale.setAccessed(System.currentTimeMillis());
        stale.calcAndSetExpiry();
        stale.setLastSaved(System.currentTimeMillis() - 60_000); // past the save period: the metadata is written
        a.store().store(id, stale);
        assertEquals(stale.getAccessed(), a.store().load(id).getAccessed(), "the metadata was written");

        assertEquals("second", a.store().load(id).getAttribute("answer"));
        String before = client.ok(a.probe("version"));
        client.ok(b.probe("get?name=answer"));
        client.ok(a.probe("get?name=answer"));
        assertEquals(before, client.ok(b.probe("version")), "reading a session must not bump its version");
    }

    // ---- 4. Delta saves: different attributes both persist; same attribute: last write wins, counted ----

    @Test
    void sequentialIncrementsAlternatingBetweenNodesLoseNothing() throws Exception
    {
        TestNode a = node("a", defaults());
        TestNode b = node("b", defaults());
        SessionClient client = new SessionClient();
        int increments = 500;
        for (int i = 0; i < increments; i++)
            client.ok((i % 2 == 0 ? a : b).probe("inc?name=counter"));
        int stored = Integer.parseInt(client.ok(a.probe("get?name=counter")));
        System.out.printf("[%s] round-robin increments: %d sent, %d stored, %d lost%n",
            getClass().getSimpleName(), increments, stored, increments - stored);
        assertEquals(increments, stored);
    }

    @Test
    void concurrentChangesToDifferentAttributesOnDifferentNodesBothPersist() throws Exception
    {
        TestNode a = node("a", defaults());
        TestNode b = node("b", defaults());
        SessionClient first = new SessionClient();
        first.ok(a.probe("put?name=start&value=1"));
        SessionClient second = SessionClient.sharing(first);
        int each = 200;
        CompletableFuture<Void> onA = CompletableFuture.runAsync(() -> increment(first, a, "A", each));
        CompletableFuture<Void> onB = CompletableFuture.runAsync(() -> increment(second, b, "B", each));
        CompletableFuture.allOf(onA, onB).get();

        assertEquals(String.valueOf(each), first.ok(b.probe("get?name=A")));
        assertEquals(String.valueOf(each), first.ok(a.probe("get?name=B")));
        System.out.printf("[%s] concurrent increments of A on node a and B on node b: %d each sent, both stored %d%n",
            getClass().getSimpleName(), each, each);
    }

    private static void increment(SessionClient client, TestNode node, String name, int times)
    {
        try
        {
            for (int i = 0; i < times; i++)
                client.ok(node.probe("inc?name=" + name));
        }
        catch (Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void writingTheSameAttributeLastWriteWinsAndCountsAConflict() throws Exception
    {
        TestNode a = node("a", defaults());
        TestNode b = node("b", defaults());
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=choice&value=none"));
        String id = sessionId(client);
        DeltaSessionDataStore storeA = (DeltaSessionDataStore)a.store();
        DeltaSessionDataStore storeB = (DeltaSessionDataStore)b.store();

        SessionData onA = storeA.load(id);
        SessionData onB = storeB.load(id);
        onA.setAttribute("choice", "express");
        storeA.store(id, onA);
        onB.setAttribute("choice", "standard");
        storeB.store(id, onB);

        assertEquals("standard", storeA.load(id).getAttribute("choice"));
        assertEquals(0, storeA.conflictCount());
        assertEquals(1, storeB.conflictCount());
    }

    // ---- 5. Expiry: found farm-wide, ended by exactly one node ----

    @Test
    void expiredSessionsAreEndedExactlyOnceAcrossTheFarm() throws Exception
    {
        SessionEndLog ended = new SessionEndLog();
        Consumer<SessionSettings.Builder> shortLived = s -> s.set(SessionSetting.TIMEOUT, "2s")
            .set(SessionSetting.SCAVENGE_INTERVAL, "1s");
        List<TestNode> farm = List.of(node("a", "/", shortLived, ended), node("b", "/", shortLived, ended),
            node("c", "/", shortLived, ended));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 12; i++)
        {
            SessionClient client = new SessionClient();
            client.ok(farm.get(i % 3).probe("put?name=n&value=" + i));
            ids.add(sessionId(client));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> ended.endedOn().keySet().containsAll(ids));
        // Over several more scavenges on every node, no session may be ended a second time.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
            .until(() -> ended.endedOn().values().stream().allMatch(on -> on.size() == 1));
        Map<String, List<String>> endedOn = ended.endedOn();
        for (String id : ids)
        {
            assertEquals(1, endedOn.get(id).size(), "session " + id + " ended on " + endedOn.get(id));
            assertNull(farm.get(0).store().load(id), "ended session " + id + " must be gone from the store");
        }
    }

    @Test
    void nodesClaimDisjointBatchesOfExpiredSessions() throws Exception
    {
        Consumer<SessionSettings.Builder> noScavenger = s -> s.set(SessionSetting.TIMEOUT, "1s")
            .set(SessionSetting.SCAVENGE_INTERVAL, "1h");
        TestNode a = node("a", noScavenger);
        TestNode b = node("b", noScavenger);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 40; i++)
        {
            SessionClient client = new SessionClient();
            client.ok((i % 2 == 0 ? a : b).probe("put?name=n&value=" + i));
            ids.add(sessionId(client));
        }
        DeltaSessionDataStore storeA = (DeltaSessionDataStore)a.store();
        DeltaSessionDataStore storeB = (DeltaSessionDataStore)b.store();
        await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().noneMatch(id -> exists(storeA, id)));

        long now = System.currentTimeMillis();
        CompletableFuture<Set<String>> claimA = CompletableFuture.supplyAsync(() -> storeA.doGetExpired(now));
        CompletableFuture<Set<String>> claimB = CompletableFuture.supplyAsync(() -> storeB.doGetExpired(now));
        Set<String> byA = claimA.get();
        Set<String> byB = claimB.get();
        Set<String> both = new HashSet<>(byA);
        both.retainAll(byB);
        assertTrue(both.isEmpty(), "claimed twice: " + both);
        Set<String> all = new HashSet<>(byA);
        all.addAll(byB);
        assertEquals(ids, all);
        assertTrue(storeA.doGetExpired(now).isEmpty(), "claims must hold against a second look");
    }

    private static boolean exists(DeltaSessionDataStore store, String id)
    {
        try
        {
            return store.exists(id);
        }
        catch (Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    // ---- 6. Unreadable stored data: logged, treated as no session, never a 500 ----

    @Test
    void anUnreadableSessionGivesAFreshSessionNotAnError() throws Exception
    {
        TestNode a = node("a", defaults());
        TestNode b = node("b", defaults());
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=draft&value=hello"));
        String id = sessionId(client);
        backend().overwriteAttribute(scope, id, "draft", new byte[] {(byte)0xF1, 0, 0x7f, 0x33, 0x01});

        assertEquals("no-session", client.ok(b.probe("get?name=draft")));
        assertEquals("1", client.ok(b.probe("inc?name=fresh")));
        assertEquals("1", client.ok(a.probe("get?name=fresh")));
        assertEquals("null", client.ok(a.probe("get?name=draft")));
    }

    // ---- 7. A value that cannot be serialized fails in the request that set it ----

    @Test
    void aValueOffTheAllowListFailsInTheRequestThatSetItNamingAttributeAndClass() throws Exception
    {
        TestNode a = node("a", defaults());
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=kept&value=yes"));
        SessionClient.Reply refused = client.get(a.probe("put-unlisted?name=gift"));

        assertEquals(422, refused.status());
        assertTrue(refused.body().contains("'gift'"), refused.body());
        assertTrue(refused.body().contains(ProbeServlet.Unlisted.class.getName()), refused.body());
        assertEquals("yes", client.ok(a.probe("get?name=kept")));
        assertEquals("null", client.ok(a.probe("get?name=gift")));
    }

    // ---- 8. Limits: maxBytes refused clearly; values above the threshold compressed ----

    @Test
    void aSessionOverMaxBytesIsRefusedAndLosesNothing() throws Exception
    {
        TestNode a = node("a", s -> s.set(SessionSetting.MAX_BYTES, "64KiB"));
        SessionClient client = new SessionClient();
        client.ok(a.probe("put-bytes?name=photo&size=30000"));
        SessionClient.Reply refused = client.get(a.probe("put-bytes?name=scan&size=40000"));

        assertEquals(422, refused.status());
        assertTrue(refused.body().contains("'scan'") && refused.body().contains("session.maxBytes=65536"),
            refused.body());
        assertEquals("null", client.ok(a.probe("get?name=scan")));
        assertTrue(client.ok(a.probe("get?name=photo")).startsWith("[B"), "the earlier attribute stays");
    }

    @Test
    void valuesAboveTheThresholdAreStoredCompressed() throws Exception
    {
        TestNode a = node("a", s -> s.set(SessionSetting.COMPRESS_THRESHOLD, "4KiB"));
        SessionClient client = new SessionClient();
        client.ok(a.probe("put-text?name=essay&size=32768"));
        client.ok(a.probe("put?name=short&value=tiny"));
        String id = sessionId(client);

        byte[] essay = backend().storedAttribute(scope, id, "essay");
        assertNotNull(essay);
        assertEquals(1, essay[1], "flags byte: deflated");
        assertTrue(essay.length < 32768 / 8, "stored " + essay.length + " bytes for 32 KB of text");
        assertEquals(0, backend().storedAttribute(scope, id, "short")[1]);
        assertTrue(client.ok(a.probe("get?name=essay")).startsWith("answer answer"));
    }

    // ---- 9. Store down: bounded 503, nothing half-written, recovery without help ----

    @Test
    void aStoreOutageAnswers503InBoundedTimeAndTheNodeRecoversByItself() throws Exception
    {
        TestNode a = node("a", s -> s.set(SessionSetting.CONNECT_TIMEOUT, "1s")
            .set(SessionSetting.NETWORK_TIMEOUT, "2s"));
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=saved&value=before"));
        String cookie = client.cookie();

        backend().stop();
        try
        {
            for (String action : List.of("get?name=saved", "put?name=saved&value=during"))
            {
                long start = System.nanoTime();
                SessionClient.Reply reply = client.get(a.probe(action));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(503, reply.status(), action + ": " + reply.body());
                assertTrue(reply.body().contains("unavailable") && reply.body().contains("retry"), reply.body());
                assertFalse(reply.body().contains("store at") || reply.body().contains("server at")
                    || reply.body().contains("Exception"),
                    "the page must not show where the store is: " + reply.body());
                assertTrue(millis < 15_000, action + " took " + millis + " ms");
                assertFalse(reply.setCookie().isPresent(), "an outage must not hand out a new session");
            }
            assertEquals(cookie, client.cookie());
        }
        finally
        {
            backend().start();
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> client.get(a.probe("get?name=saved")).status() == 200);
        assertEquals("before", client.ok(a.probe("get?name=saved")));
        client.ok(a.probe("put?name=saved&value=after"));
        assertEquals("after", client.ok(a.probe("get?name=saved")));
    }

    /**
     * A store that hangs (a frozen machine, a lost network path) is worse than one that is down: no error comes back.
     * The network timeout must end every wait, or each request holds a thread forever and the node stops answering.
     */
    @Test
    void aHungStoreAnswers503WithinTheNetworkTimeout() throws Exception
    {
        TestNode a = node("a", s -> s.set(SessionSetting.CONNECT_TIMEOUT, "1s")
            .set(SessionSetting.NETWORK_TIMEOUT, "2s"));
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=saved&value=before"));
        try (Suspension hung = backend().suspend())
        {
            assumeTrue(hung != null, "an in-process store cannot hang apart from its node");
            for (String action : List.of("get?name=saved", "put?name=saved&value=during"))
            {
                long start = System.nanoTime();
                SessionClient.Reply reply = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> client.get(a.probe(action)), action + " waited for a store that does not answer");
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(503, reply.status(), action + ": " + reply.body());
                assertTrue(millis < 8_000, action + " took " + millis + " ms with a 2 s network timeout");
            }
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> client.get(a.probe("get?name=saved")).status() == 200);
        assertEquals("before", client.ok(a.probe("get?name=saved")));
    }

    // ---- session fixation: a renewed id works on every node, the old one nowhere ----

    @Test
    void aRenewedSessionIdWorksOnEveryNodeAndTheOldOneNowhere() throws Exception
    {
        TestNode a = node("a", defaults());
        TestNode b = node("b", defaults());
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=user&value=ada"));
        SessionClient oldCookie = SessionClient.sharing(client);

        String renewed = client.ok(b.probe("renew"));
        assertNotEquals(sessionId(oldCookie), renewed);
        assertEquals("ada", client.ok(a.probe("get?name=user")));
        assertEquals("ada", client.ok(b.probe("get?name=user")));
        assertEquals("no-session", oldCookie.ok(a.probe("get?name=user")));
    }
}
