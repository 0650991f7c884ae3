package dev.sessionfarm.session.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.session.SessionStoreProvider;
import dev.sessionfarm.session.StoreContext;
import org.eclipse.jetty.session.SessionDataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionSettingsTest
{
    /** A store as a separate module declares one: a setting of its own, which it checks itself. */
    static final SessionSetting REGION = new SessionSetting("session.testRegion", "eu",
        "Region of the test store (test mode): eu or us.");

    private static final KnownSettings WITH_TEST_STORE = KnownSettings.of(List.of(new SessionStoreProvider()
    {
        @Override
        public String mode()
        {
            return "test";
        }

        @Override
        public List<SessionSetting> settings()
        {
            return List.of(REGION);
        }

        @Override
        public void check(SessionSettings settings)
        {
            if (!List.of("eu", "us").contains(settings.text(REGION)))
                throw SettingValues.invalid(REGION, settings.text(REGION), "eu or us");
        }

        @Override
        public SessionDataStore create(StoreContext context)
        {
            throw new UnsupportedOperationException();
        }
    }));

    @Test
    void defaultsFollowAspNetWhereTheyMeanTheSame()
    {
        SessionSettings settings = SessionSettings.defaults();
        assertEquals("memory", settings.mode());
        assertEquals(Duration.ofMinutes(20), settings.timeout());
        assertEquals(Duration.ofSeconds(10), settings.networkTimeout());
        assertEquals(List.of(), settings.otherPartitions());
        assertEquals(1024 * 1024, settings.maxBytes());
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception
    {
        Path file = dir.resolve("session.properties");
        Files.writeString(file, """
            session.mode=test
            session.testRegion=us
            session.timeout=5m
            session.poolSize=3
            """);
        Map<String, String> env = Map.of("SESSION_CONFIG", file.toString(), "SESSION_TIMEOUT", "45s",
            "SESSION_POOL_SIZE", "7");
        Map<String, String> flags = Map.of("pool-size", "9", "worker-name", "node-2");

        SessionSettings settings = SessionSettings.load(flags, env, WITH_TEST_STORE);

        assertEquals("test", settings.mode());
        assertEquals("us", settings.text(REGION), "a store's own setting, from the file");
        assertEquals(Duration.ofSeconds(45), settings.timeout(), "environment beats the file");
        assertEquals(9, settings.poolSize(), "a flag beats the environment");
        assertEquals("node-2", settings.workerName());
    }

    @Test
    void namesAreDerivedOnceForAllThreeSources()
    {
        assertEquals("SESSION_TEST_REGION", REGION.environmentVariable());
        assertEquals("test-region", REGION.flag());
        assertEquals("SESSION_APPLICATION_NAME", SessionSetting.APPLICATION_NAME.environmentVariable());
        assertEquals("application-name", SessionSetting.APPLICATION_NAME.flag());
        assertThrows(IllegalArgumentException.class, () -> new SessionSetting("redis.url", "", "no session. prefix"));
    }

    @Test
    void aStoresSettingIsReadFromEverySourceAndCheckedByTheStoreOfTheChosenMode()
    {
        assertEquals("us", SessionSettings.load(Map.of("test-region", "us"), Map.of(), WITH_TEST_STORE)
            .text(REGION));
        assertEquals("us", SessionSettings.load(Map.of(), Map.of("SESSION_TEST_REGION", "us"), WITH_TEST_STORE)
            .text(REGION));
        assertEquals("eu", SessionSettings.load(Map.of(), Map.of(), WITH_TEST_STORE).text(REGION), "the default");

        ConfigException bad = assertThrows(ConfigException.class, () -> SessionSettings.load(
            Map.of("mode", "test"), Map.of("SESSION_TEST_REGION", "mars"), WITH_TEST_STORE));
        assertEquals("session.testRegion (SESSION_TEST_REGION, --test-region): 'mars' is not valid; expected eu or us.",
            bad.getMessage());
        assertEquals("mars", SessionSettings.load(Map.of(), Map.of("SESSION_TEST_REGION", "mars"), WITH_TEST_STORE)
            .text(REGION), "checked only when its mode is chosen");
        assertEquals("mars", SessionSettings.builder(WITH_TEST_STORE).set("session.testRegion", "mars").build()
            .text(REGION));
    }

    @Test
    void twoDeclarationsOfOneKeyAreRefused()
    {
        SessionStoreProvider clash = new SessionStoreProvider()
        {
            @Override
            public String mode()
            {
                return "clash";
            }

            @Override
            public List<SessionSetting> settings()
            {
                return List.of(new SessionSetting("session.timeout", "1m", "Another timeout."));
            }

            @Override
            public SessionDataStore create(StoreContext context)
            {
                throw new UnsupportedOperationException();
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KnownSettings.of(List.of(clash)));
        assertTrue(e.getMessage().contains("session.timeout") && e.getMessage().contains("clash"), e.getMessage());
    }

    @Test
    void valuesAcceptTheirUsualSpellings()
    {
        SessionSettings settings = SessionSettings.builder()
            .set(SessionSetting.TIMEOUT, "90s")
            .set(SessionSetting.NETWORK_TIMEOUT, "3s")
            .set(SessionSetting.MAX_BYTES, "512KiB")
            .set(SessionSetting.COMPRESS_THRESHOLD, "0")
            .set(SessionSetting.ALLOWED_CLASSES, "com.acme.Cart, com.acme.forms.**")
            .set(SessionSetting.OTHER_PARTITIONS, " a:1  b:2\t")
            .build();
        assertEquals(Duration.ofSeconds(90), settings.timeout());
        assertEquals(Duration.ofSeconds(3), settings.networkTimeout());
        assertEquals(512 * 1024, settings.maxBytes());
        assertEquals(0, settings.compressThreshold());
        assertEquals(List.of("com.acme.Cart", "com.acme.forms.**"), settings.allowedClasses());
        assertEquals(List.of("a:1", "b:2"), settings.otherPartitions());
    }

    @Test
    void anInvalidValueNamesTheKeyTheValueAndWhatIsAllowed()
    {
        ConfigException timeout = assertThrows(ConfigException.class,
            () -> SessionSettings.builder().set(SessionSetting.TIMEOUT, "soon").build());
        assertTrue(timeout.getMessage().contains("session.timeout") && timeout.getMessage().contains("'soon'")
            && timeout.getMessage().contains("20m"), timeout.getMessage());

        ConfigException bare = assertThrows(ConfigException.class,
            () -> SessionSettings.builder().set(SessionSetting.TIMEOUT, "20").build());
        assertTrue(bare.getMessage().contains("session.timeout") && bare.getMessage().contains("no unit; write 20ms, "
            + "20s, 20m or 20h"), "a bare number is refused, not read in a unit of its own: " + bare.getMessage());

        ConfigException pool = assertThrows(ConfigException.class,
            () -> SessionSettings.load(Map.of("pool-size", "0"), Map.of(), WITH_TEST_STORE));
        assertTrue(pool.getMessage().contains("--pool-size") && pool.getMessage().contains("1 to 1000"),
            pool.getMessage());

        ConfigException worker = assertThrows(ConfigException.class,
            () -> SessionSettings.builder().set(SessionSetting.WORKER_NAME, "node.1").build());
        assertTrue(worker.getMessage().contains("'node.1'"), worker.getMessage());
    }

    @Test
    void anUnknownKeyInThePropertiesFileIsRefusedAsATypo(@TempDir Path dir) throws Exception
    {
        Path file = dir.resolve("session.properties");
        Files.writeString(file, "session.timout=5m\n");
        ConfigException typo = assertThrows(ConfigException.class,
            () -> SessionSettings.load(Map.of("config", file.toString()), Map.of(), WITH_TEST_STORE));
        assertTrue(typo.getMessage().contains("session.timout") && typo.getMessage().contains("session.timeout")
            && typo.getMessage().contains("session.testRegion"), typo.getMessage());

        Files.writeString(file, "session.custom.region=eu\n");
        assertThrows(ConfigException.class,
            () -> SessionSettings.load(Map.of("config", file.toString()), Map.of(), WITH_TEST_STORE),
            "a store declares its settings; there is no free-form session.custom.* any more");

        ConfigException missing = assertThrows(ConfigException.class,
            () -> SessionSettings.load(Map.of("config", dir.resolve("nope.properties").toString()), Map.of()));
        assertTrue(missing.getMessage().contains("nope.properties"), missing.getMessage());
    }

    @Test
    void passwordsAreHiddenWhenTheSettingsArePrinted()
    {
        SessionSetting password = new SessionSetting("session.testPassword", "", "a store's password");
        SessionSettings settings = SessionSettings.builder().set(password, "hunter2").set(SessionSetting.WORKER_NAME,
            "node-7").build();
        assertEquals("hunter2", settings.text(password), "the store still reads it");
        assertTrue(!settings.toString().contains("hunter2") && settings.toString().contains(
            "session.testPassword=********") && settings.toString().contains("node-7"), settings.toString());
    }
}
