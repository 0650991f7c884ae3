package dev.sessionfarm.webapp.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.sessionfarm.session.config.SettingsTable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md lists every session setting exactly as the code defines it: session-core's and those of
 * both built-in stores, which are all on this module's class path.
 */
class ConfigurationDocTest
{
    @Test
    void theDocumentedSettingsAreTheSettingsInTheCode() throws Exception
    {
        Path doc = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(doc);
        int begin = text.indexOf(SettingsTable.BEGIN);
        int end = text.indexOf(SettingsTable.END);
        assertTrue(begin >= 0 && end > begin, "docs/configuration.md lacks the generated settings section");
        String documented = text.substring(begin, end + SettingsTable.END.length() + 1);
        assertEquals(SettingsTable.markdown(), documented,
            "docs/configuration.md is out of date: replace its settings section with the output of "
                + "`java -cp webapp/target/session-farm.jar dev.sessionfarm.session.config.SettingsTable`");
    }
}
