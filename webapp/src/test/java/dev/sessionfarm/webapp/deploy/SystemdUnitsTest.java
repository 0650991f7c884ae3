package dev.sessionfarm.webapp.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.session.config.KnownSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The systemd units in deploy/systemd are what teams copy: they must parse, and every flag and variable in them
 * must be one the launcher really takes, so that a renamed flag cannot leave them silently broken.
 */
class SystemdUnitsTest
{
    private static final Path UNITS = Path.of("..", "deploy", "systemd");
    private static final String JAR = "-jar /opt/session-farm/session-farm.jar";
    private static final Pattern FLAG = Pattern.compile("(?<=\\s|^)--([a-z][a-z0-9-]*)");

    @Test
    void unitsPassSystemdsOwnCheck(@TempDir Path dir) throws Exception
    {
        assumeTrue(new File("/usr/bin/systemd-analyze").canExecute(), "systemd-analyze is not installed");
        for (Path unit : units())
        {
            // A template is checked as one of its instances, the way systemd loads it.
            Path instance = dir.resolve(unit.getFileName().toString().replace("@.service", "@8081.service"));
            Files.copy(unit, instance);
            Run verify = run(List.of("systemd-analyze", "verify", instance.toString()));
            assertEquals(0, verify.exit(), unit + ": " + verify.output());
            assertEquals("", verify.output().strip(), unit + " draws warnings: " + verify.output());
        }
    }

    @Test
    void everyFlagInAnExecStartIsOneItsCommandTakes() throws Exception
    {
        for (Path unit : units())
        {
            String exec = Files.readAllLines(unit).stream().filter(l -> l.startsWith("ExecStart="))
                .findFirst().orElseThrow(() -> new AssertionError(unit + " has no ExecStart"));
            assertTrue(exec.contains(JAR), unit + " runs " + exec);
            String[] arguments = exec.substring(exec.indexOf(JAR) + JAR.length()).strip().split("\\s+");
            List<String> command = new ArrayList<>(List.of(arguments[0]));
            if (arguments[0].equals("state-server"))
                command.add(arguments[1]);
            String help = help(command);
            Matcher flags = FLAG.matcher(exec.substring(exec.indexOf(JAR)));
            int checked = 0;
            while (flags.find())
            {
                assertTrue(help.contains("--" + flags.group(1)), unit + ": " + String.join(" ", command)
                    + " takes no --" + flags.group(1) + "; its help says:\n" + help);
                checked++;
            }
            assertTrue(checked >= 3, unit + ": expected flags in " + exec);
        }
    }

    @Test
    void everyVariableTheNodesAreGivenIsASettingTheyRead() throws Exception
    {
        List<String> lines = new ArrayList<>(Files.readAllLines(UNITS.resolve("node.env")));
        for (Path unit : units())
        {
            for (String line : Files.readAllLines(unit))
            {
                if (line.startsWith("Environment="))
                    lines.add(line.substring("Environment=".length()));
            }
        }
        String nodeHelp = help(List.of("node"));
        int checked = 0;
        for (String line : lines)
        {
            String assignment = line.startsWith("# ") ? line.substring(2) : line;
            if (!assignment.matches("[A-Z_]+=.*"))
                continue;
            String name = assignment.substring(0, assignment.indexOf('='));
            boolean setting = KnownSettings.onClassPath().all().stream()
                .anyMatch(s -> s.environmentVariable().equals(name));
            assertTrue(setting || nodeHelp.contains("env " + name), name + " is read by nothing");
            checked++;
        }
        assertTrue(checked >= 5, "expected variables in node.env");
        assertFalse(Files.readString(UNITS.resolve("node.env")).contains("PASSWORD=secret"));
    }

    private static List<Path> units() throws IOException
    {
        try (var files = Files.list(UNITS))
        {
            List<Path> units = files.filter(p -> p.toString().endsWith(".service")).sorted().toList();
            assertEquals(2, units.size(), "the state server's unit and the node template");
            return units;
        }
    }

    private record Run(int exit, String output)
    {
    }

    /** The command's --help, from the same entry point the units start. */
    private static String help(List<String> command) throws Exception
    {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), "dev.sessionfarm.webapp.Main"));
        java.addAll(command);
        java.add("--help");
        Run run = run(java);
        assertEquals(0, run.exit(), String.join(" ", command) + " --help failed: " + run.output());
        return run.output();
    }

    private static Run run(List<String> command) throws Exception
    {
        ChildProcess process = ChildProcess.command(command).start();
        int exitCode = process.awaitExit(Duration.ofSeconds(60));
        return new Run(exitCode, process.lines().stream().map(line -> line + "\n").collect(Collectors.joining()));
    }
}
