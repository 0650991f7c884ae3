package dev.sessionfarm.session.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionConfigTest
{
    @Test
    void defaultsFollowAspNetWhereTheyMeanTheSame()
    {
        SessionConfig config = SessionConfig.defaults();
        assertEquals("memory", config.mode());
        assertEquals(Duration.ofMinutes(20), config.timeout());
        assertEquals(Duration.ofSeconds(10), config.networkTimeout());
        assertEquals(1, config.stateServers().size(), "one state server, no partitions");
        assertEquals("127.0.0.1", config.stateServers().get(0).getHostString());
        assertEquals(42424, config.stateServers().get(0).getPort());
        assertEquals(List.of(), config.otherPartitions());
        assertTrue(config.migrate());
        assertEquals(1024 * 1024, config.maxBytes());
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception
    {
        Path file = dir.resolve("session.properties");
        Files.writeString(file, """
            session.mode=postgres
            session.jdbcUrl=jdbc:postgresql://file/db
            session.timeout=5
            session.poolSize=3
            session.custom.region=eu
            """);
        Map<String, String> env = Map.of("SESSION_CONFIG", file.toString(), "SESSION_TIMEOUT", "45s",
            "SESSION_POOL_SIZE", "7");
        Map<String, String> flags = Map.of("pool-size", "9", "worker-name", "node-2");

        SessionConfig config = SessionConfig.load(flags, env);

        assertEquals("postgres", config.mode());
        assertEquals(List.of("jdbc:postgresql://file/db"), config.jdbcUrls());
        assertEquals(Duration.ofSeconds(45), config.timeout(), "environment beats the file");
        assertEquals(9, config.poolSize(), "a flag beats the environment");
        assertEquals("node-2", config.workerName());
        assertEquals(Map.of("region", "eu"), config.customSettings());
    }

    @Test
    void namesAreDerivedOnceForAllThreeSources()
    {
        assertEquals("SESSION_JDBC_URL", SessionSetting.JDBC_URL.environmentVariable());
        assertEquals("jdbc-url", SessionSetting.JDBC_URL.flag());
        assertEquals("SESSION_STATE_SERVER_KEY_FILE", SessionSetting.STATE_SERVER_KEY_FILE.environmentVariable());
        assertEquals("state-server-key-file", SessionSetting.STATE_SERVER_KEY_FILE.flag());
    }

    @Test
    void valuesAcceptTheirUsualSpellings()
    {
        SessionConfig config = SessionConfig.builder()
            .set(SessionSetting.TIMEOUT, "90s")
            .set(SessionSetting.NETWORK_TIMEOUT, "3s")
            .set(SessionSetting.MAX_BYTES, "512KiB")
            .set(SessionSetting.COMPRESS_THRESHOLD, "0")
            .set(SessionSetting.MIGRATE, "no")
            .set(SessionSetting.STATE_SERVER, "[::1]:4000")
            .set(SessionSetting.ALLOWED_CLASSES, "com.acme.Cart, com.acme.forms.**")
            .build();
        assertEquals(Duration.ofSeconds(90), config.timeout());
        assertEquals(Duration.ofSeconds(3), config.networkTimeout());
        assertEquals(512 * 1024, config.maxBytes());
        assertEquals(0, config.compressThreshold());
        assertFalse(config.migrate());
        assertEquals("::1", config.stateServers().get(0).getHostString());
        assertEquals(List.of("com.acme.Cart", "com.acme.forms.**"), config.allowedClasses());
    }

    @Test
    void anInvalidValueNamesTheKeyTheValueAndWhatIsAllowed()
    {
        ConfigException timeout = assertThrows(ConfigException.class,
            () -> SessionConfig.builder().set(SessionSetting.TIMEOUT, "soon").build());
        assertTrue(timeout.getMessage().contains("session.timeout") && timeout.getMessage().contains("'soon'")
            && timeout.getMessage().contains("20m"), timeout.getMessage());

        ConfigException bare = assertThrows(ConfigException.class,
            () -> SessionConfig.builder().set(SessionSetting.TIMEOUT, "20").build());
        assertTrue(bare.getMessage().contains("session.timeout") && bare.getMessage().contains("no unit; write 20ms, "
            + "20s, 20m or 20h"), "a bare number is refused, not read in a unit of its own: " + bare.getMessage());

        ConfigException pool = assertThrows(ConfigException.class,
            () -> SessionConfig.load(Map.of("pool-size", "0"), Map.of()));
        assertTrue(pool.getMessage().contains("--pool-size") && pool.getMessage().contains("1 to 1000"),
            pool.getMessage());

        ConfigException port = assertThrows(ConfigException.class,
            () -> SessionConfig.load(Map.of(), Map.of("SESSION_STATE_SERVER", "localhost:99999")));
        assertTrue(port.getMessage().contains("SESSION_STATE_SERVER") && port.getMessage().contains("65535"),
            port.getMessage());

        ConfigException worker = assertThrows(ConfigException.class,
            () -> SessionConfig.builder().set(SessionSetting.WORKER_NAME, "node.1").build());
        assertTrue(worker.getMessage().contains("'node.1'"), worker.getMessage());

        ConfigException noUrl = assertThrows(ConfigException.class,
            () -> SessionConfig.builder().set(SessionSetting.MODE, "postgres").build());
        assertTrue(noUrl.getMessage().contains("session.jdbcUrl") && noUrl.getMessage().contains("required"),
            noUrl.getMessage());
    }

    @Test
    void severalStoresSeparatedBySpacesArePartitions()
    {
        SessionConfig config =
            SessionConfig.load(Map.of("state-server", " 127.0.0.1:42424  127.0.0.1:42425\t[::1]:42426 ",
                "other-partitions", "127.0.0.1:42424 127.0.0.1:42425"), Map.of("SESSION_MODE", "state-server"));
        assertEquals(List.of(42424, 42425, 42426), config.stateServers().stream().map(a -> a.getPort()).toList());
        assertEquals(List.of("127.0.0.1:42424", "127.0.0.1:42425"), config.otherPartitions());

        ConfigException badOther = assertThrows(ConfigException.class, () -> SessionConfig.load(Map.of(
            "other-partitions", "127.0.0.1"), Map.of("SESSION_MODE", "state-server")));
        assertTrue(
            badOther.getMessage().contains("session.otherPartitions") && badOther.getMessage().contains("host:port"),
            badOther.getMessage());

        SessionConfig postgres = SessionConfig.load(Map.of("mode", "postgres", "jdbc-url",
            "jdbc:postgresql://a:5432,b:5432/s?targetServerType=primary jdbc:postgresql://c/s"), Map.of());
        assertEquals(List.of("jdbc:postgresql://a:5432,b:5432/s?targetServerType=primary", "jdbc:postgresql://c/s"),
            postgres.jdbcUrls(), "a multi-host URL is one partition");
    }

    @Test
    void anUnknownKeyInThePropertiesFileIsRefusedAsATypo(@TempDir Path dir) throws Exception
    {
        Path file = dir.resolve("session.properties");
        Files.writeString(file, "session.timout=5\n");
        ConfigException typo = assertThrows(ConfigException.class,
            () -> SessionConfig.load(Map.of("config", file.toString()), Map.of()));
        assertTrue(typo.getMessage().contains("session.timout") && typo.getMessage().contains("session.timeout"),
            typo.getMessage());

        ConfigException missing = assertThrows(ConfigException.class,
            () -> SessionConfig.load(Map.of("config", dir.resolve("nope.properties").toString()), Map.of()));
        assertTrue(missing.getMessage().contains("nope.properties"), missing.getMessage());
    }
}
