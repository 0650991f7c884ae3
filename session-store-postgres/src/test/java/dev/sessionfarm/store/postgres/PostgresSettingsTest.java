package dev.sessionfarm.store.postgres;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.KnownSettings;
import dev.sessionfarm.session.config.SessionSettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The postgres store's own settings: declared through its provider, parsed and checked in this module. */
class PostgresSettingsTest
{
    @Test
    void itsSettingsAreReadFromEverySourceWithTheirDefaults()
    {
        assertEquals(PostgresSettings.JDBC_URL, KnownSettings.onClassPath().byFlag("jdbc-url").orElseThrow());
        assertEquals("SESSION_JDBC_URL", PostgresSettings.JDBC_URL.environmentVariable());
        PostgresSettings settings = PostgresSettings.of(SessionSettings.load(Map.of("mode", "postgres",
            "jdbc-url", "jdbc:postgresql://flag/db"),
            Map.of("SESSION_JDBC_URL", "jdbc:postgresql://env/db",
                "SESSION_JDBC_USER", "sessions")));
        assertEquals(List.of("jdbc:postgresql://flag/db"), settings.jdbcUrls(), "a flag beats the environment");
        assertEquals("sessions", settings.jdbcUser());
        assertTrue(settings.migrate());
        assertEquals(Duration.ofSeconds(5), settings.statementTimeout());

        PostgresSettings spelled = PostgresSettings.of(SessionSettings.builder()
            .set(PostgresSettings.JDBC_URL, "jdbc:postgresql://h/db").set(PostgresSettings.MIGRATE, "no")
            .set(PostgresSettings.STATEMENT_TIMEOUT, "1500ms").build());
        assertFalse(spelled.migrate());
        assertEquals(Duration.ofMillis(1500), spelled.statementTimeout());
    }

    @Test
    void aMultiHostUrlIsOnePartitionAndSpacesSeparatePartitions()
    {
        PostgresSettings settings = PostgresSettings.of(SessionSettings.load(Map.of("mode", "postgres", "jdbc-url",
            "jdbc:postgresql://a:5432,b:5432/s?targetServerType=primary jdbc:postgresql://c/s"), Map.of()));
        assertEquals(List.of("jdbc:postgresql://a:5432,b:5432/s?targetServerType=primary", "jdbc:postgresql://c/s"),
            settings.jdbcUrls());
    }

    @Test
    void postgresModeRequiresAUrlAndRefusesABadValueNamingTheSetting()
    {
        ConfigException noUrl = assertThrows(ConfigException.class,
            () -> SessionSettings.load(Map.of("mode", "postgres"), Map.of()));
        assertTrue(noUrl.getMessage().contains("session.jdbcUrl (SESSION_JDBC_URL, --jdbc-url)")
            && noUrl.getMessage().contains("required"), noUrl.getMessage());

        ConfigException timeout = assertThrows(ConfigException.class, () -> SessionSettings.load(Map.of("mode",
            "postgres", "jdbc-url", "jdbc:postgresql://h/db", "statement-timeout", "soon"), Map.of()));
        assertTrue(timeout.getMessage().startsWith("session.statementTimeout (SESSION_STATEMENT_TIMEOUT, "
            + "--statement-timeout): 'soon' is not valid"), timeout.getMessage());

        assertEquals("memory", SessionSettings.load(Map.of(), Map.of()).mode(), "other modes need no URL");
    }

    @Test
    void credentialsStayOutOfItsDescription()
    {
        PostgresSettings settings = PostgresSettings.of(SessionSettings.builder()
            .set(PostgresSettings.JDBC_URL, "jdbc:postgresql://h/db?password=secret")
            .set(PostgresSettings.JDBC_PASSWORD, "hunter2").build());
        assertFalse(settings.toString().contains("secret") || settings.toString().contains("hunter2"),
            settings.toString());
    }
}
