package dev.sessionfarm.webapp.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.model.cli.Commands;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.store.postgres.PostgresSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeCommandTest
{
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/demo";

    @Test
    void sessionSettingsAreOptionsAndTheEnvironmentFillsTheRest()
    {
        NodeCommand.Settings settings = parse(Map.of("SESSION_POOL_SIZE", "7"), "--mode", "postgres",
            "--jdbc-url=" + URL, "--timeout", "5m", "--migrate", "false", "--port", "0",
            "--test-pause-after-final-insert", "1500ms");
        assertEquals(Duration.ofMinutes(5), settings.sessions().timeout());
        assertFalse(PostgresSettings.of(settings.sessions()).migrate());
        assertEquals(7, settings.sessions().poolSize());
        assertEquals(List.of(URL), PostgresSettings.of(settings.sessions()).jdbcUrls());
        assertEquals(URL, settings.demoJdbcUrl(), "the demo's tables default to the sessions' database");
        assertEquals(0, settings.port());
        assertTrue(settings.pause() != null);
    }

    @Test
    void aBareSwitchMeansTrue()
    {
        assertTrue(PostgresSettings.of(parse(Map.of(), "--mode", "postgres", "--jdbc-url", URL, "--migrate", "--port",
            "0").sessions()).migrate());
    }

    @Test
    void mistakesAreRefusedNamingTheOption()
    {
        assertTrue(assertThrows(UnmatchedArgumentException.class, () -> parse(Map.of(), "--timout", "5m"))
            .getMessage().contains("--timout"));
        assertTrue(assertThrows(ConfigException.class, () -> parse(Map.of(), "--demo-jdbc-url", URL, "--timeout",
            "5")).getMessage().contains("--timeout"));
        assertTrue(assertThrows(CommandLine.ParameterException.class, () -> parse(Map.of(), "--demo-jdbc-url", URL,
            "--test-pause-after-final-insert", "1500")).getMessage().contains("--test-pause-after-final-insert"));
    }

    private static NodeCommand.Settings parse(Map<String, String> env, String... args)
    {
        CommandLine line = Commands.configure(NodeCommand.commandLine());
        line.parseArgs(args);
        NodeCommand command = line.getCommand();
        return command.settings(env);
    }
}
