package dev.sessionfarm.store.stateserver;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.testing.NodeCacheContract;
import dev.sessionfarm.testing.SessionClient;
import dev.sessionfarm.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The node cache over a state server, including across the server's own restarts. */
class StateServerNodeCacheTest extends NodeCacheContract
{
    private static StateServerProcess server;

    @BeforeAll
    static void startServer()
    {
        server = StateServerProcess.start(true);
    }

    @AfterAll
    static void stopServer()
    {
        server.close();
    }

    @Override
    protected SessionSettings.Builder settings()
    {
        return settings(server);
    }

    private static SessionSettings.Builder settings(StateServerProcess server)
    {
        return SessionSettings.builder()
            .set(SessionSetting.MODE, StateServerStoreProvider.MODE)
            .set(StateServerSettings.STATE_SERVER, server.address())
            .set(StateServerSettings.STATE_SERVER_KEY_FILE, server.keyFile().toString());
    }

    @Test
    void deltaLoadsAreRightAfterARestartWithADataDirectory() throws Exception
    {
        TestNode a = node("a");
        TestNode b = node("b");
        SessionClient client = new SessionClient();
        client.ok(a.probe("put?name=step&value=shipping"));
        client.ok(a.probe("put?name=note&value=gift"));
        assertEquals("gift", client.ok(a.probe("get?name=note")));
        server.stop();
        server.start();

        long unchanged = counts(a).unchanged();
        assertEquals("shipping", client.ok(a.probe("get?name=step")));
        assertEquals(unchanged + 1, counts(a).unchanged(), "versions survived the restart");
        client.ok(b.probe("put?name=step&value=payment"));
        client.ok(b.probe("remove?name=note"));
        server.kill();
        server.start();

        long deltas = counts(a).delta();
        assertEquals("payment", client.ok(a.probe("get?name=step")));
        assertEquals("null", client.ok(a.probe("get?name=note")));
        assertEquals(deltas + 1, counts(a).delta());
    }

    @Test
    void afterARestartWithoutADataDirectoryTheCachedCopyIsDropped() throws Exception
    {
        try (StateServerProcess memoryOnly = StateServerProcess.start(false);
             TestNode a = TestNode.start("/", settings(memoryOnly).set(SessionSetting.WORKER_NAME, "a").build(), null))
        {
            SessionClient client = new SessionClient();
            client.ok(a.probe("put?name=step&value=shipping"));
            assertEquals("shipping", client.ok(a.probe("get?name=step")));
            memoryOnly.stop();
            memoryOnly.start();
            assertEquals("no-session", client.ok(a.probe("get?name=step")));
            assertEquals(0, store(a).cachedSessions());
        }
    }

    @Test
    void newNodesOfAProtocolOneServerStaySafeWithWholeLoads() throws Exception
    {
        try (StateServerProcess old = StateServerProcess.start(false, "--max-protocol-version", "1");
             TestNode a = TestNode.start("/", settings(old).set(SessionSetting.WORKER_NAME, "a").build(), null);
             TestNode b = TestNode.start("/", settings(old).set(SessionSetting.WORKER_NAME, "b").build(), null))
        {
            SessionClient client = new SessionClient();
            client.ok(a.probe("put?name=step&value=shipping"));
            client.ok(a.probe("put?name=note&value=gift"));
            long unchanged = counts(a).unchanged();
            assertEquals("gift", client.ok(a.probe("get?name=note")));
            assertEquals(unchanged + 1, counts(a).unchanged(), "protocol 1 already answers 'unchanged'");
            client.ok(b.probe("put?name=step&value=payment"));
            client.ok(b.probe("remove?name=note"));
            long full = counts(a).full();
            assertEquals("payment", client.ok(a.probe("get?name=step")));
            assertEquals("null", client.ok(a.probe("get?name=note")));
            assertEquals(full + 1, counts(a).full(), "no delta from an old server: a whole load instead");
            assertEquals(0, counts(a).delta());
        }
    }
}
