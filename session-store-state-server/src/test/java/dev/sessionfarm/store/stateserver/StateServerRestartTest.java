package dev.sessionfarm.store.stateserver;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.testing.SessionClient;
import dev.sessionfarm.testing.TestNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a node's users see when the state server itself restarts. */
class StateServerRestartTest
{
    private static SessionSettings settings(StateServerProcess server)
    {
        return SessionSettings.builder()
            .set(SessionSetting.MODE, StateServerStoreProvider.MODE)
            .set(StateServerSettings.STATE_SERVER, server.address())
            .set(StateServerSettings.STATE_SERVER_KEY_FILE, server.keyFile().toString())
            .set(SessionSetting.WORKER_NAME, "a")
            .build();
    }

    @Test
    void withADataDirectorySessionsSurviveACleanRestartAndAKill() throws Exception
    {
        try (StateServerProcess server = StateServerProcess.start(true);
             TestNode node = TestNode.start("/", settings(server), null))
        {
            SessionClient client = new SessionClient();
            client.ok(node.probe("put?name=answer&value=42"));
            server.stop();
            server.start();
            assertEquals("42", client.ok(node.probe("get?name=answer")));
            client.ok(node.probe("put?name=answer&value=43"));
            server.kill();
            server.start();
            assertEquals("43", client.ok(node.probe("get?name=answer")));
        }
    }

    @Test
    void withoutADataDirectoryARestartMeansAFreshSessionNeverAnError() throws Exception
    {
        try (StateServerProcess server = StateServerProcess.start(false);
             TestNode node = TestNode.start("/", settings(server), null))
        {
            SessionClient client = new SessionClient();
            client.ok(node.probe("put?name=answer&value=42"));
            server.stop();
            server.start();

            SessionClient.Reply after = client.get(node.probe("get?name=answer"));
            assertEquals(200, after.status(), after.body());
            assertEquals("no-session", after.body());
            assertEquals("1", client.ok(node.probe("inc?name=visits")));
            assertTrue(client.ok(node.probe("get?name=visits")).equals("1"));
        }
    }
}
