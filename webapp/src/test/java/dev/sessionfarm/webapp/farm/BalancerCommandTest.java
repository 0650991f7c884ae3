package dev.sessionfarm.webapp.farm;

import java.util.Map;

import dev.sessionfarm.model.cli.Commands;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BalancerCommandTest
{
    @Test
    void unnamedNodesAreNumberedInOrderAndNamedOnesKeepTheirNames()
    {
        BalancerCommand.Settings settings = parse("--port", "0", "--nodes", "127.0.0.1:8081, blue=127.0.0.1:8082");
        assertEquals(Map.of("node1", "http://127.0.0.1:8081", "blue", "http://127.0.0.1:8082"), settings.members());
        assertEquals(0, settings.port());
        assertEquals("127.0.0.1", settings.bind());
        assertFalse(settings.sticky());
        assertTrue(parse("--nodes", "127.0.0.1:8081", "--sticky").sticky());
    }

    @Test
    void mistakesAreRefusedWithTheOptionNamed()
    {
        assertTrue(
            assertThrows(ParameterException.class, () -> parse("--port", "8080")).getMessage().contains("--nodes"));
        assertTrue(
            assertThrows(ParameterException.class, () -> parse("--nodes", "8081")).getMessage().contains("'8081'"));
        assertTrue(assertThrows(ParameterException.class, () -> parse("--nodes", "a=h:1,a=h:2")).getMessage()
            .contains("'a' is given twice"));
        assertTrue(
            assertThrows(ParameterException.class, () -> parse("--nodes", "h:1", "--mode", "memory")).getMessage()
                .contains("--mode"));
    }

    private static BalancerCommand.Settings parse(String... args)
    {
        BalancerCommand command = new BalancerCommand();
        Commands.configure(new CommandLine(command)).parseArgs(args);
        return command.settings();
    }
}
