package dev.sessionfarm.stateserver;

import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateclient.StateServerUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.sessionfarm.stateserver.Sessions.attributes;
import static dev.sessionfarm.stateserver.Sessions.metadata;
import static dev.sessionfarm.stateserver.Sessions.uniqueScope;
import static dev.sessionfarm.stateserver.Sessions.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a real server: pipelining, pooling, timeouts, reconnection, unreachable servers. */
class ClientBehaviourTest
{
    private StateServerFixture server;

    @AfterEach
    void stopServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void manyConcurrentCallersPipelineOverOneConnectionAndEachGetsItsOwnAnswer() throws Exception
    {
        server = StateServerFixture.startWithKey();
        StateServerClient client = server.client(builder -> builder.poolSize(1));
        String scope = uniqueScope();
        int threads = 32;
        int callsPerThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                int thread = t;
                results.add(pool.submit(() ->
                {
                    int verified = 0;
                    for (int i = 0; i < callsPerThread; i++)
                    {
                        String id = "t" + thread + "-" + i;
                        client.save(SaveRequest.replace(scope, id, 0, metadata(1_000, 0), attributes("who", id)));
                        LoadResult loaded = client.load(scope, id, 0);
                        assertEquals(Map.of("who", id), values(loaded));
                        verified++;
                    }
                    return verified;
                }));
            }
            for (Future<Integer> result : results)
            {
                assertEquals(callsPerThread, result.get(60, TimeUnit.SECONDS));
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        assertEquals(2, client.stats().totalConnections(), "the fixture's start-up probe, then one pooled connection");
    }

    @Test
    void thePoolGrowsUnderLoadButNeverBeyondItsSize() throws Exception
    {
        server = StateServerFixture.startWithKey();
        StateServerClient client = server.client(builder -> builder.poolSize(3));
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try
        {
            List<Future<?>> pings = new ArrayList<>();
            for (int i = 0; i < 600; i++)
            {
                pings.add(pool.submit(client::ping));
            }
            for (Future<?> ping : pings)
            {
                ping.get(30, TimeUnit.SECONDS);
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        long connections = client.stats().currentConnections();
        assertTrue(connections >= 2 && connections <= 3, connections + " connections");
    }

    @Test
    void aServerThatStopsAnsweringFailsTheCallWithinTheNetworkTimeout()
    {
        server = StateServerFixture.startWithKey();
        StateServerClient client = server.client(builder -> builder.poolSize(1)
            .networkTimeout(Duration.ofMillis(700)));
        String scope = uniqueScope();
        client.save(SaveRequest.replace(scope, "s", 0, metadata(1_000, 0), attributes("a", "1")));

        server.suspend();
        long started = System.nanoTime();
        StateServerUnavailableException load = assertThrows(StateServerUnavailableException.class,
            () -> client.load(scope, "s", 0));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        server.resume();
        assertTrue(elapsedMs >= 650 && elapsedMs < 3_000, "failed after " + elapsedMs + " ms");
        assertEquals("state server at " + server.address() + " did not answer within 700 ms (network timeout); check"
            + " that it is running and not overloaded", load.getMessage());

        client.ping();
        server.suspend();
        StateServerUnavailableException save = assertThrows(StateServerUnavailableException.class,
            () -> client.save(SaveRequest.delta(scope, "s", 1, metadata(2_000, 0), attributes("a", "2"),
                List.of())));
        server.resume();
        assertTrue(save.getMessage().endsWith("the SAVE may or may not have been applied"), save.getMessage());
        // The save had reached the server, which is why the client must not claim it failed cleanly. It is
        // applied once the server runs again, racing this client's new connection, hence the wait.
        StateServerFixture.waitUntil(Duration.ofSeconds(10),
            () -> Map.of("a", "2").equals(values(client.load(scope, "s", 0))), "the in-flight save to land");
    }

    @Test
    void clientReconnectsTransparentlyAfterTheServerRestarts()
    {
        server = StateServerFixture.create(true, "--fsync", "always").withDataDir();
        server.start();
        StateServerFixture restartable = server;
        StateServerClient client = restartable.client(builder -> builder.poolSize(4));
        String scope = uniqueScope();
        client.save(SaveRequest.replace(scope, "s", 0, metadata(1_000, 0), attributes("a", "1")));
        for (int i = 0; i < 8; i++)
        {
            client.ping();
        }

        assertEquals(143, restartable.stop(), "the JVM's exit status after SIGTERM");
        assertTrue(restartable.logText().contains("state server stopped"));
        restartable.start();

        assertEquals(Map.of("a", "1"), values(client.load(scope, "s", 0)), "load retried on a fresh connection");
        for (int i = 0; i < 8; i++)
        {
            assertEquals(i + 2, client.save(SaveRequest.delta(scope, "s", i + 1, metadata(2_000 + i, 0),
                attributes("a", "v" + i), List.of())).newVersion(), "saves after a restart go through");
        }
    }

    @Test
    void aServiceThatNeverAnswersTheHandshakeFailsWithinTheNetworkTimeout() throws Exception
    {
        try (ServerSocket silent = new ServerSocket(0))
        {
            Thread acceptor = new Thread(() ->
            {
                try (Socket ignored = silent.accept())
                {
                    Thread.sleep(10_000);
                }
                catch (Exception expected)
                {
                    // Closed by the test.
                }
            });
            acceptor.start();
            try (StateServerClient client = StateServerClient.builder().address("127.0.0.1", silent.getLocalPort())
                .networkTimeout(Duration.ofMillis(500)).build())
            {
                long started = System.nanoTime();
                StateServerUnavailableException e = assertThrows(StateServerUnavailableException.class, client::ping);
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 3_000);
                assertTrue(e.getMessage().contains("did not complete the handshake within 500 ms"), e.getMessage());
            }
            finally
            {
                acceptor.interrupt();
            }
        }
    }
}
