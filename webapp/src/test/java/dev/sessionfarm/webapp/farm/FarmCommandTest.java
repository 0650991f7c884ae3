package dev.sessionfarm.webapp.farm;

import java.util.List;

import dev.sessionfarm.model.cli.Commands;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FarmCommandTest
{
    @Test
    void sessionSettingsArePassedOnToEveryNode()
    {
        FarmSettings settings = parse("--nodes", "2", "--timeout", "5m", "--migrate", "--continue-later-attempts=3");
        assertEquals(2, settings.nodes());
        assertEquals("state-server", settings.mode());
        assertEquals(List.of("--timeout", "5m", "--migrate", "true", "--continue-later-attempts", "3"),
            settings.nodeArgs());
    }

    @Test
    void whatTheLauncherDecidesForItsNodesIsNotAnOption()
    {
        for (String decided : List.of("--worker-name", "--state-server", "--state-server-key-file", "--config"))
            assertTrue(
                assertThrows(ParameterException.class, () -> parse(decided, "x")).getMessage().contains(decided));
        assertTrue(assertThrows(ParameterException.class, () -> parse("--mode", "memory", "--partitions", "2"))
            .getMessage().contains("--partitions"));
        assertTrue(assertThrows(ParameterException.class, () -> parse("--mode", "redis")).getMessage()
            .contains("--mode"));
    }

    private static FarmSettings parse(String... args)
    {
        CommandLine line = Commands.configure(FarmCommand.commandLine());
        line.parseArgs(args);
        FarmCommand command = line.getCommand();
        return command.settings();
    }
}
