package dev.sessionfarm.session.store.stateserver;

import java.time.Duration;

import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.testing.ContractBackend;
import dev.sessionfarm.session.testing.SessionStoreContract;
import dev.sessionfarm.session.testing.StateServerProcess;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.SaveRequest;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateclient.StoredAttribute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared store contract against a real state-server process with a data directory. */
class StateServerStoreContractTest extends SessionStoreContract
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
    protected ContractBackend backend()
    {
        return new ContractBackend()
        {
            @Override
            public SessionConfig.Builder settings()
            {
                return SessionConfig.builder()
                    .set(SessionSetting.MODE, SessionConfig.STATE_SERVER_MODE)
                    .set(SessionSetting.STATE_SERVER, server.address())
                    .set(SessionSetting.STATE_SERVER_KEY_FILE, server.keyFile().toString());
            }

            @Override
            public byte[] storedAttribute(String scope, String id, String name)
            {
                try (StateServerClient client = server.client(Duration.ofSeconds(5)))
                {
                    LoadResult loaded = client.load(scope, id, 0);
                    return loaded.attributes().stream().filter(a -> a.name().equals(name))
                        .map(StoredAttribute::value).findFirst().orElse(null);
                }
            }

            @Override
            public void overwriteAttribute(String scope, String id, String name, byte[] bytes)
            {
                // Written as the raw client does, without the codec: the server stores whatever bytes it is given.
                try (StateServerClient client = server.client(Duration.ofSeconds(5)))
                {
                    LoadResult loaded = client.load(scope, id, 0);
                    if (loaded.status() != LoadResult.Status.FOUND)
                        throw new IllegalStateException("no session " + id);
                    client.save(SaveRequest.delta(scope, id, loaded.version(), loaded.metadata(),
                        java.util.Map.of(name, bytes), java.util.List.of()));
                }
            }

            @Override
            public void stop()
            {
                server.stop();
            }

            @Override
            public void start()
            {
                server.start();
            }
        };
    }
}
