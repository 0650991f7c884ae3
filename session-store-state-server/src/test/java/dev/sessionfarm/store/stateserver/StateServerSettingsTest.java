package dev.sessionfarm.store.stateserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.model.Units;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.KnownSettings;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.stateclient.StateServerClient;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state-server store's own settings: declared through its provider, parsed and checked in this module. */
class StateServerSettingsTest
{
    @Test
    void theDefaultIsOneStateServerOnThisMachine()
    {
        StateServerSettings settings = StateServerSettings.of(SessionSettings.defaults());
        assertEquals(1, settings.stateServers().size(), "one state server, no partitions");
        assertEquals("127.0.0.1", settings.stateServers().get(0).getHostString());
        assertEquals(42424, settings.stateServers().get(0).getPort());
        assertEquals(List.of(), settings.otherPartitions());
        assertTrue(settings.keyFile().isEmpty() && settings.trustStore().isEmpty());
        assertFalse(settings.allowReadableKeyFile());
    }

    @Test
    void itsSettingsAreKnownByTheirKeysVariablesAndFlags()
    {
        KnownSettings known = KnownSettings.onClassPath();
        assertTrue(known.byKey("session.stateServerKeyFile").isPresent());
        assertEquals("SESSION_STATE_SERVER_KEY_FILE", StateServerSettings.STATE_SERVER_KEY_FILE.environmentVariable());
        assertEquals(StateServerSettings.STATE_SERVER_KEY_FILE, known.byFlag("state-server-key-file").orElseThrow());
        SessionSettings fromEnv = SessionSettings.load(Map.of(), Map.of("SESSION_MODE", "state-server",
            "SESSION_STATE_SERVER", "[::1]:4000", "SESSION_STATE_SERVER_ALLOW_READABLE_KEY_FILE", "yes"));
        StateServerSettings parsed = StateServerSettings.of(fromEnv);
        assertEquals("::1", parsed.stateServers().get(0).getHostString());
        assertTrue(parsed.allowReadableKeyFile());
    }

    @Test
    void severalAddressesSeparatedBySpacesArePartitions()
    {
        StateServerSettings settings = StateServerSettings.of(SessionSettings.load(Map.of("state-server",
            " 127.0.0.1:42424  127.0.0.1:42425\t[::1]:42426 ", "other-partitions", "127.0.0.1:42424 127.0.0.1:42425"),
            Map.of("SESSION_MODE", "state-server")));
        assertEquals(List.of(42424, 42425, 42426), settings.stateServers().stream().map(a -> a.getPort()).toList());
        assertEquals(List.of(42424, 42425), settings.otherPartitions().stream().map(a -> a.getPort()).toList());
    }

    @Test
    void aBadAddressStopsANodeInStateServerModeAtStartNamingTheSetting()
    {
        ConfigException port = assertThrows(ConfigException.class, () -> SessionSettings.load(Map.of(),
            Map.of("SESSION_MODE", "state-server", "SESSION_STATE_SERVER", "localhost:99999")));
        assertTrue(port.getMessage().contains("SESSION_STATE_SERVER") && port.getMessage().contains("65535")
            && port.getMessage().contains("'localhost:99999'"), port.getMessage());

        ConfigException other = assertThrows(ConfigException.class, () -> SessionSettings.load(Map.of(
            "other-partitions", "127.0.0.1"), Map.of("SESSION_MODE", "state-server")));
        assertTrue(other.getMessage().contains("session.otherPartitions") && other.getMessage().contains("host:port"),
            other.getMessage());

        ConfigException none = assertThrows(ConfigException.class,
            () -> SessionSettings.load(Map.of("mode", "state-server", "state-server", " "), Map.of()));
        assertTrue(none.getMessage().contains("--state-server"), none.getMessage());

        assertEquals("memory", SessionSettings.load(Map.of("state-server", "nonsense"), Map.of()).mode(),
            "another mode does not read the state-server settings");
    }

    @Test
    void theClientsDefaultsAreThoseOfTheSettings()
    {
        assertEquals(Units.duration(SessionSetting.CONNECT_TIMEOUT.defaultValue()),
            StateServerClient.DEFAULT_CONNECT_TIMEOUT);
        assertEquals(Units.duration(SessionSetting.NETWORK_TIMEOUT.defaultValue()),
            StateServerClient.DEFAULT_NETWORK_TIMEOUT);
        assertEquals(Integer.parseInt(SessionSetting.POOL_SIZE.defaultValue()), StateServerClient.DEFAULT_POOL_SIZE);
        SessionSettings defaults = SessionSettings.defaults();
        assertEquals(defaults.connectTimeout(), StateServerClient.DEFAULT_CONNECT_TIMEOUT);
        assertEquals(defaults.networkTimeout(), StateServerClient.DEFAULT_NETWORK_TIMEOUT);
        assertEquals(defaults.poolSize(), StateServerClient.DEFAULT_POOL_SIZE);
        assertEquals(Duration.ofSeconds(3), defaults.connectTimeout());
    }
}
