package dev.sessionfarm.stateserver;

import java.util.List;
import java.util.Map;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StateServerClient;
import org.junit.jupiter.api.Test;

import static dev.sessionfarm.stateserver.Sessions.attributes;
import static dev.sessionfarm.stateserver.Sessions.metadata;
import static dev.sessionfarm.stateserver.Sessions.uniqueScope;
import static dev.sessionfarm.stateserver.Sessions.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Protocol 2's delta answer to a load, and the rolling upgrade around it: a protocol-1 client of a new server and a
 * new client of a protocol-1 server both get the old, whole answer, which is as correct, only larger.
 */
class DeltaLoadTest
{
    private final String scope = uniqueScope();

    /** Version 1: a, b, c. Version 2: b changed, c removed, d added. */
    private void twoVersions(StateServerClient client)
    {
        client.save(SaveRequest.replace(scope, "s", 0, metadata(2_000, 0), attributes("a", "1", "b", "2", "c", "3")));
        client.save(SaveRequest.delta(scope, "s", 1, metadata(3_000, 0), attributes("b", "20", "d", "4"),
            List.of("c")));
    }

    @Test
    void aDeltaCarriesWhatWasWrittenSinceAndNamesWhatWasKept()
    {
        try (StateServerFixture server = StateServerFixture.create(true, "--fsync", "always").withDataDir())
        {
            server.start();
            StateServerClient client = server.client();
            twoVersions(client);
            assertDelta(client.load(scope, "s", 1));
            assertEquals(LoadResult.Status.UNCHANGED, client.load(scope, "s", 2).status());
            assertEquals(LoadResult.Status.FOUND, client.load(scope, "s", 0).status());
            assertEquals(LoadResult.Status.FOUND, client.load(scope, "s", 9).status(), "newer than stored: whole");

            server.kill9();
            server.start();
            assertDelta(server.client().load(scope, "s", 1));
            server.stop();
            server.start();
            assertDelta(server.client().load(scope, "s", 1));
        }
    }

    private static void assertDelta(LoadResult loaded)
    {
        assertEquals(LoadResult.Status.DELTA, loaded.status());
        assertEquals(2, loaded.version());
        assertEquals(Map.of("b", "20", "d", "4"), values(loaded));
        assertEquals(List.of("a"), loaded.kept());
        assertEquals(3_000, loaded.metadata().accessed());
    }

    @Test
    void aProtocolOneClientOfANewServerGetsWholeAnswers()
    {
        try (StateServerFixture server = StateServerFixture.startWithKey())
        {
            StateServerClient old = server.client(builder -> builder.maxProtocolVersion(1));
            twoVersions(old);
            LoadResult loaded = old.load(scope, "s", 1);
            assertEquals(LoadResult.Status.FOUND, loaded.status());
            assertEquals(Map.of("a", "1", "b", "20", "d", "4"), values(loaded));
            assertEquals(LoadResult.Status.UNCHANGED, old.load(scope, "s", 2).status());
            assertEquals(LoadResult.Status.DELTA, server.client().load(scope, "s", 1).status());
        }
    }

    @Test
    void aNewClientOfAProtocolOneServerGetsWholeAnswers()
    {
        try (StateServerFixture server = StateServerFixture.startWithKey("--max-protocol-version", "1"))
        {
            StateServerClient client = server.client();
            twoVersions(client);
            LoadResult loaded = client.load(scope, "s", 1);
            assertEquals(LoadResult.Status.FOUND, loaded.status());
            assertEquals(Map.of("a", "1", "b", "20", "d", "4"), values(loaded));
            assertEquals(LoadResult.Status.UNCHANGED, client.load(scope, "s", 2).status());
        }
    }
}
