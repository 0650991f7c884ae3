package dev.sessionfarm.testing.custom;

import java.util.Map;

import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.ee10.SessionState;
import dev.sessionfarm.testing.SessionClient;
import dev.sessionfarm.testing.TestNode;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mode selection: memory is the in-heap contrast, an unknown mode is refused by name. */
class ModesTest
{
    private static SessionConfig memory(String worker)
    {
        return SessionConfig.builder().set(SessionSetting.WORKER_NAME, worker).build();
    }

    @Test
    void memoryModeKeepsSessionsInOneNodeAndLosesThemWhenItStops() throws Exception
    {
        SessionClient client = new SessionClient();
        try (TestNode a = TestNode.start("/", memory("a"), null); TestNode b = TestNode.start("/", memory("b"), null))
        {
            assertNull(a.store(), "memory mode has no store");
            client.ok(a.probe("put?name=step&value=shipping"));
            assertEquals("shipping", client.ok(a.probe("get?name=step")));
            assertEquals("no-session", client.ok(b.probe("get?name=step")), "another node cannot see it");
            assertTrue(client.cookie().endsWith(".a"),
                "the cookie names the node, for a sticky balancer: " + client.cookie());
        }
        try (TestNode restarted = TestNode.start("/", memory("a"), null))
        {
            assertEquals("no-session", client.ok(restarted.probe("get?name=step")), "a restart loses it");
        }
    }

    @Test
    void anUnknownModeIsRefusedNamingTheModesThereAre()
    {
        SessionConfig config = SessionConfig.load(Map.of("mode", "redis"), Map.of());
        Server server = new Server();
        ServletContextHandler context = new ServletContextHandler("/");
        server.setHandler(context);
        ConfigException e =
            assertThrows(ConfigException.class, () -> SessionState.configure(config).install(server, context));
        // Only this module's test store is on the class path here: the built-in stores are separate modules.
        assertTrue(e.getMessage().contains("'redis'") && e.getMessage().contains("test-map")
            && e.getMessage().contains("memory"), e.getMessage());
    }
}
