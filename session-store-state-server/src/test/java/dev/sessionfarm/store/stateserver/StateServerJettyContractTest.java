package dev.sessionfarm.store.stateserver;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.DeltaSessionDataStore;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateclient.StoredAttribute;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.session.AbstractSessionDataStoreFactory;
import org.eclipse.jetty.session.AbstractSessionDataStoreTest;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionDataStoreFactory;
import org.eclipse.jetty.session.SessionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import static dev.sessionfarm.testing.JettyContractSupport.assertSameAttributes;
import static dev.sessionfarm.testing.JettyContractSupport.withContextLoader;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Jetty's own store contract (its 24 tests), run against the state-server store and a real server process. */
class StateServerJettyContractTest extends AbstractSessionDataStoreTest
{
    private static StateServerProcess server;

    private final StateServerClient client = server.client(Duration.ofSeconds(5));
    private final SessionCodec codec = SessionCodec.builder()
        .allow(List.of("Foo", "Proxyable", "ProxyableInvocationHandler"))
        .build();

    StateServerJettyContractTest() throws Exception
    {
    }

    @BeforeAll
    static void startServer()
    {
        // Without persistence, and restarted for each test class only: tests use distinct session ids.
        server = StateServerProcess.start(false);
    }

    @AfterAll
    static void stopServer()
    {
        server.close();
    }

    @AfterEach
    void forgetSessions()
    {
        // Jetty's tests reuse ids across tests; a fresh server per test is too slow, so each test cleans up.
        for (String scope : List.of(scope("_"), scope("_other")))
        {
            for (String id : List.of("aaa1", "aaa2", "aaa3", "aaa4", "aaa5", "aaa6", "aaa7", "aaa8", "aaa9", "aaa10",
                "aaa11", "aaa12", "aaa13", "aaa14", "aaa15", "aaa16", "aaa17", "aaa18", "aaa19", "aaa20", "aaa21",
                "222", "001", "002", "003", "004", "005", "006", "007", "008"))
                client.delete(scope, id, 0);
        }
        client.close();
    }

    private static String scope(String contextPath)
    {
        return DeltaSessionDataStore.scopeOf("", contextPath, "0.0.0.0");
    }

    private static String scope(SessionData data)
    {
        return DeltaSessionDataStore.scopeOf("", data.getContextPath(), data.getVhost());
    }

    @Override
    public SessionDataStoreFactory createSessionDataStoreFactory()
    {
        SessionSettings config = SessionSettings.builder().build();
        return new AbstractSessionDataStoreFactory()
        {
            @Override
            public SessionDataStore getSessionDataStore(SessionManager manager)
            {
                StateServerSessionDataStore store = new StateServerSessionDataStore(config, codec,
                    new SimpleMeterRegistry(), client);
                store.setGracePeriodSec(getGracePeriodSec());
                store.setSavePeriodSec(getSavePeriodSec());
                return store;
            }
        };
    }

    private static SessionMetadata metadata(SessionData data)
    {
        return new SessionMetadata(data.getCreated(), data.getAccessed(), data.getLastAccessed(), data.getCookieSet(),
            data.getMaxInactiveMs(), data.getExpiry(), data.getLastNode() == null ? "" : data.getLastNode());
    }

    @Override
    public void persistSession(SessionData data) throws Exception
    {
        Map<String, byte[]> encoded = new HashMap<>();
        withContextLoader(_contextClassLoader,
            () -> data.getAllAttributes().forEach((k, v) -> encoded.put(k, codec.encode(k, v))));
        client.save(SaveRequest.replace(scope(data), data.getId(), 0, metadata(data), encoded));
    }

    @Override
    public void persistUnreadableSession(SessionData data) throws Exception
    {
        client.save(SaveRequest.replace(scope(data), data.getId(), 0, metadata(data),
            Map.of("unreadable", new byte[] {(byte)0xF1, 0, 0x7f, 0x7f, 0x7f})));
    }

    @Override
    public boolean checkSessionExists(SessionData data) throws Exception
    {
        return client.load(scope(data), data.getId(), 0).status() != LoadResult.Status.NOT_FOUND;
    }

    @Override
    public boolean checkSessionPersisted(SessionData data) throws Exception
    {
        LoadResult loaded = client.load(scope(data), data.getId(), 0);
        if (loaded.status() != LoadResult.Status.FOUND)
            return false;
        SessionMetadata stored = loaded.metadata();
        assertEquals(data.getCreated(), stored.created());
        assertEquals(data.getAccessed(), stored.accessed());
        assertEquals(data.getLastAccessed(), stored.lastAccessed());
        assertEquals(data.getMaxInactiveMs(), stored.maxInactiveMs());
        assertEquals(data.getCookieSet(), stored.cookieSet());
        assertEquals(data.getLastNode(), stored.lastNode());
        assertEquals(data.getExpiry(), stored.expiry());
        Map<String, Object> values = new HashMap<>();
        for (StoredAttribute attribute : loaded.attributes())
            withContextLoader(_contextClassLoader, () -> values.put(attribute.name(), codec.decode(attribute.value())));
        assertSameAttributes(data, values);
        return true;
    }

}
