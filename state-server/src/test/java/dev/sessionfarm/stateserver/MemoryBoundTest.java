package dev.sessionfarm.stateserver;

import java.util.List;
import java.util.Map;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateclient.StateServerRefusedException;
import dev.sessionfarm.stateprotocol.ErrorCode;
import dev.sessionfarm.stateprotocol.ServerStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.sessionfarm.stateserver.Sessions.attributes;
import static dev.sessionfarm.stateserver.Sessions.metadata;
import static dev.sessionfarm.stateserver.Sessions.uniqueScope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --max-memory and --max-frame-bytes: clear refusals, and existing sessions keep working. */
class MemoryBoundTest
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
    void aFullServerRefusesNewSessionsClearlyWhileExistingOnesKeepWorking()
    {
        server = StateServerFixture.startWithKey("--max-memory", "4m");
        StateServerClient client = server.client();
        String scope = uniqueScope();
        byte[] value = new byte[32 * 1024];
        int stored = 0;
        StateServerRefusedException refused = null;
        while (refused == null)
        {
            try
            {
                client.save(SaveRequest.replace(scope, "s" + stored, 0, metadata(1_000, 0), Map.of("v", value)));
                stored++;
            }
            catch (StateServerRefusedException e)
            {
                refused = e;
            }
        }
        assertEquals(ErrorCode.MEMORY_FULL, refused.code());
        assertTrue(refused.getMessage().contains("state server memory bound 4 MiB reached; raise --max-memory"),
            refused.getMessage());
        assertTrue(stored > 100 && stored < 128, stored + " sessions of 32 KiB fit in 4 MiB");

        assertEquals(LoadResult.Status.FOUND, client.load(scope, "s0", 0).status());
        assertTrue(client.touch(scope, "s1", metadata(2_000, 0)));
        assertEquals(2, client.save(SaveRequest.delta(scope, "s2", 1, metadata(2_000, 0),
            Map.of("more", new byte[16 * 1024]), List.of())).newVersion(), "deltas may use the headroom");
        assertEquals(2, client.save(SaveRequest.replace(scope, "s3", 1, metadata(2_000, 0),
            attributes("small", "x"))).newVersion(), "renewing an existing session is not a new session");

        int existing = stored;
        StateServerRefusedException ceiling = assertThrows(StateServerRefusedException.class, () ->
        {
            for (int i = 4; i < existing; i++)
            {
                client.save(SaveRequest.delta(scope, "s" + i, 1, metadata(2_000, 0), Map.of("more", value),
                    List.of()));
            }
        });
        assertTrue(ceiling.getMessage().contains("headroom for existing sessions is used up"), ceiling.getMessage());

        ServerStats stats = client.stats();
        assertTrue(stats.bytesHeld() <= (4L << 20) * 110 / 100, "held " + stats.bytesHeld());
        assertTrue(stats.refusals() >= 2);

        for (int i = 0; i < 40; i++)
        {
            assertTrue(client.delete(scope, "s" + i, 0));
        }
        client.save(SaveRequest.replace(scope, "after-cleanup", 0, metadata(3_000, 0), Map.of("v", value)));
        assertEquals(LoadResult.Status.FOUND, client.load(scope, "after-cleanup", 0).status());
    }

    @Test
    void framesAndSessionsLargerThanTheFrameLimitAreRefused()
    {
        server = StateServerFixture.startWithKey("--max-frame-bytes", "64k");
        StateServerClient client = server.client();
        String scope = uniqueScope();

        StateServerRefusedException frame = assertThrows(StateServerRefusedException.class, () -> client.save(
            SaveRequest.replace(scope, "big", 0, metadata(1_000, 0), Map.of("v", new byte[100_000]))));
        assertEquals(ErrorCode.FRAME_TOO_LARGE, frame.code());
        assertTrue(frame.getMessage().contains("exceeds the server's --max-frame-bytes 65536"), frame.getMessage());

        client.save(SaveRequest.replace(scope, "growing", 0, metadata(1_000, 0), Map.of("a", new byte[30_000])));
        client.save(SaveRequest.delta(scope, "growing", 1, metadata(1_000, 0), Map.of("b", new byte[30_000]),
            List.of()));
        StateServerRefusedException session = assertThrows(StateServerRefusedException.class, () -> client.save(
            SaveRequest.delta(scope, "growing", 2, metadata(1_000, 0), Map.of("c", new byte[30_000]), List.of())));
        assertEquals(ErrorCode.SESSION_TOO_LARGE, session.code());
        assertEquals(2, client.load(scope, "growing", 0).version(), "the refused save changed nothing");
    }
}
