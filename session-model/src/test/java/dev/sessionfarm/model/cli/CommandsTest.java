package dev.sessionfarm.model.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest
{
    @Command(name = "sample")
    static final class Sample implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Option(names = "--wait", defaultValue = "90s")
        Duration wait;

        @Option(names = "--limit", converter = Commands.Size.class, defaultValue = "64KiB")
        long limit;

        @Option(names = "--port")
        int port;

        @Option(names = "--fail")
        boolean fail;

        @Override
        public Integer call()
        {
            Commands.inRange(spec, "--port", port, 0, 65535);
            if (fail)
                throw new IllegalStateException("broken");
            return Commands.OK;
        }
    }

    private record Run(int exit, Sample command, String out, String err)
    {
    }

    private static Run run(String... args)
    {
        Sample command = new Sample();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Commands.configure(new CommandLine(command));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return new Run(line.execute(args), command, out.toString(), err.toString());
    }

    @Test
    void durationsAndSizesAreReadByUnitsInBothSpellings()
    {
        Run run = run("--wait=500ms", "--limit", "2MiB");
        assertEquals(Commands.OK, run.exit(), run.err());
        assertEquals(Duration.ofMillis(500), run.command().wait);
        assertEquals(2L << 20, run.command().limit);
        Run defaults = run();
        assertEquals(Duration.ofSeconds(90), defaults.command().wait);
        assertEquals(64L << 10, defaults.command().limit);
    }

    @Test
    void mistakesAreOneLineNamingTheOptionWithExitCodeTwo()
    {
        for (String[] args : new String[][] {{"--wait", "5"}, {"--limit", "lots"}, {"--wiat", "5s"},
            {"--port", "70000"}})
        {
            Run run = run(args);
            assertEquals(Commands.USAGE, run.exit(), String.join(" ", args));
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().startsWith("sample: ") && run.err().contains("(see sample --help)"), run.err());
        }
        assertTrue(run("--wait", "5").err().contains("'--wait'") && run("--wait", "5").err().contains("5s"));
        assertTrue(run("--wiat", "5s").err().contains("Unknown options: '--wiat'"), run("--wiat", "5s").err());
        assertTrue(run("--port", "70000").err().contains("--port: 70000 is not a number from 0 to 65535"));
    }

    @Test
    void aFailureWhileRunningExitsWithOneAndHelpWithZero()
    {
        Run failed = run("--fail");
        assertEquals(Commands.FAILURE, failed.exit());
        assertTrue(failed.err().contains("sample: failed: java.lang.IllegalStateException: broken"), failed.err());
        Run help = run("--help");
        assertEquals(Commands.OK, help.exit());
        assertTrue(help.out().startsWith("Usage: sample [OPTIONS]") && help.out().contains("--wait"), help.out());
    }
}
