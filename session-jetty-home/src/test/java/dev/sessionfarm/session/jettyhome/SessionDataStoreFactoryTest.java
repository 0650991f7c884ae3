package dev.sessionfarm.session.jettyhome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.store.postgres.PostgresSettings;
import dev.sessionfarm.store.stateserver.StateServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A jetty-base's settings reach a store module's factory by the keys session-core and that store declare. */
class SessionDataStoreFactoryTest
{
    private static final Path XML = Path.of("src/main/jetty-base/etc/sessions/farm");
    private static final Pattern SETTING = Pattern.compile("<Arg>(session\\.\\w+)</Arg>");

    @Test
    void eachFactoryKnowsSessionCoresSettingsAndItsOwnStoresOnly()
    {
        StateServerSessionDataStoreFactory stateServer = new StateServerSessionDataStoreFactory();
        stateServer.setSetting("session.stateServer", "10.0.0.5:42424 10.0.0.6:42424");
        stateServer.setSetting("session.timeout", "30m");
        stateServer.setScavengeIntervalSeconds("60");
        assertEquals(Duration.ofMinutes(30), stateServer.config().timeout());
        assertEquals(Duration.ofSeconds(60), stateServer.config().scavengeInterval(), "Jetty's property is seconds");
        assertEquals(2, StateServerSettings.of(stateServer.config()).stateServers().size());

        ConfigException other = assertThrows(ConfigException.class,
            () -> stateServer.setSetting("session.jdbcUrl", "jdbc:postgresql://h/db"));
        assertTrue(other.getMessage().contains("session.jdbcUrl") && other.getMessage().contains("state-server"),
            other.getMessage());
        assertThrows(ConfigException.class, () -> new PostgresSessionDataStoreFactory()
            .setSetting("session.stateServer", "10.0.0.5:42424"));
        assertThrows(ConfigException.class, () -> stateServer.setSetting("session.mode", "postgres"));
    }

    @Test
    void theStoreChecksItsOwnSettingsWhenTheFirstWebappAsks(@TempDir Path dir) throws Exception
    {
        PostgresSessionDataStoreFactory postgres = new PostgresSessionDataStoreFactory();
        ConfigException noUrl = assertThrows(ConfigException.class, postgres::config);
        assertTrue(noUrl.getMessage().contains("session.jdbcUrl"), noUrl.getMessage());

        Path password = dir.resolve("db-password");
        Files.writeString(password, "s3cret\n");
        postgres.setSetting("session.jdbcUrl", "jdbc:postgresql://h/db");
        postgres.setSetting(PostgresSessionDataStoreFactory.JDBC_PASSWORD_FILE, password.toString());
        assertEquals("s3cret", PostgresSettings.of(postgres.config()).jdbcPassword());

        StateServerSessionDataStoreFactory stateServer = new StateServerSessionDataStoreFactory();
        stateServer.setSetting("session.stateServer", "localhost:99999");
        ConfigException port = assertThrows(ConfigException.class, stateServer::config);
        assertTrue(port.getMessage().contains("session.stateServer") && port.getMessage().contains("65535"),
            port.getMessage());
    }

    @Test
    void everySettingTheModulesXmlPassesIsKnownToItsFactory() throws Exception
    {
        check(new StateServerSessionDataStoreFactory(), XML.resolve("session-store-state-server.xml"));
        check(new PostgresSessionDataStoreFactory(), XML.resolve("session-store-postgres.xml"));
    }

    private static void check(FarmSessionDataStoreFactory factory, Path xml) throws Exception
    {
        List<String> keys = new ArrayList<>();
        Matcher setting = SETTING.matcher(Files.readString(xml));
        while (setting.find())
            keys.add(setting.group(1));
        assertTrue(keys.size() > 10, xml + " passes " + keys);
        for (String key : keys)
        {
            if (!key.equals(PostgresSessionDataStoreFactory.JDBC_PASSWORD_FILE))
                factory.setSetting(key, "1");
        }
    }
}
