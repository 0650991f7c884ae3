package dev.sessionfarm.testing.custom;

import java.util.Map;

import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.KnownSettings;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.config.SettingsTable;
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

/**
 * Mode selection: memory is the in-heap contrast, an unknown mode is refused by name, a custom store's own settings
 * are read and checked like the built-in stores'.
 */
class ModesTest
{
    private static SessionSettings memory(String worker)
    {
        return SessionSettings.builder().set(SessionSetting.WORKER_NAME, worker).build();
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
        SessionSettings config = SessionSettings.load(Map.of("mode", "redis"), Map.of());
        Server server = new Server();
        ServletContextHandler context = new ServletContextHandler("/");
        server.setHandler(context);
        ConfigException e =
            assertThrows(ConfigException.class, () -> SessionState.configure(config).install(server, context));
        // Only this module's test store is on the class path here: the built-in stores are separate modules.
        assertTrue(e.getMessage().contains("'redis'") && e.getMessage().contains("test-map")
            && e.getMessage().contains("memory"), e.getMessage());
    }

    @Test
    void aCustomStoresOwnSettingIsReadFromEverySourceAndCheckedByTheStore() throws Exception
    {
        assertTrue(KnownSettings.onClassPath().byFlag("test-map-delay").isPresent(), "declared by its provider");
        assertTrue(SettingsTable.markdown().contains("| `session.testMapDelay` | `SESSION_TEST_MAP_DELAY` | "
            + "`--test-map-delay` | `0ms` |"), "listed with the others");

        ConfigException bad = assertThrows(ConfigException.class,
            () -> SessionSettings.load(Map.of("mode", "test-map"), Map.of("SESSION_TEST_MAP_DELAY", "soon")));
        assertTrue(bad.getMessage().startsWith("session.testMapDelay (SESSION_TEST_MAP_DELAY, --test-map-delay): "
            + "'soon' is not valid"), bad.getMessage());

        SessionSettings slow = SessionSettings.load(Map.of("mode", "test-map", "test-map-delay", "300ms",
            "worker-name", "slow"), Map.of());
        try (TestNode node = TestNode.start("/", slow, null))
        {
            long start = System.nanoTime();
            new SessionClient().ok(node.probe("put?name=step&value=shipping"));
            assertTrue(System.nanoTime() - start >= 300_000_000L, "every call to the store waits 300 ms");
        }
    }
}
