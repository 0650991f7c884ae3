package dev.sessionfarm.webapp.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.webapp.SessionSettingOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/configuration.md shows each command's options exactly as the command prints them. */
class CommandHelpDocTest
{
    private static final Pattern BLOCK =
        Pattern.compile("<!-- help:([a-z -]+) -->\\n```text\\n(.*?)\\n```\\n<!-- /help:\\1 -->",
            Pattern.DOTALL);

    @Test
    void theDocumentedOptionsAreTheOptionsTheCommandsPrint() throws Exception
    {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        Matcher blocks = BLOCK.matcher(doc);
        List<String> seen = new ArrayList<>();
        while (blocks.find())
        {
            String command = blocks.group(1);
            String help = help(command);
            // The session settings (node and farm) are documented once, in the generated table above.
            int settings = help.indexOf(SessionSettingOptions.HEADING);
            if (settings >= 0)
                help = help.substring(0, settings);
            assertEquals(help.strip(), blocks.group(2).strip(), "docs/configuration.md is out of date for `" + command
                + "`: paste the output of `java -jar webapp/target/session-farm.jar " + command + " --help`");
            seen.add(command);
        }
        assertEquals(
            List.of("node", "farm", "state-server serve", "state-server keygen", "state-server stats", "migrate"),
            seen);
    }

    private static String help(String command) throws Exception
    {
        ChildProcess java =
            ChildProcess.java("dev.sessionfarm.webapp.Main").args(command.split(" ")).args("--help").start();
        int exitCode = java.awaitExit(Duration.ofSeconds(60));
        String output = java.lines().stream().map(line -> line + "\n").collect(Collectors.joining());
        assertEquals(0, exitCode, command + " --help: " + output);
        return output;
    }
}
