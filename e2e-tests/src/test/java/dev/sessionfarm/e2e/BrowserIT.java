package dev.sessionfarm.e2e;

import dev.sessionfarm.e2e.farm.FarmLauncher;
import dev.sessionfarm.e2e.farm.Leftovers;
import dev.sessionfarm.e2e.farm.Mode;
import dev.sessionfarm.e2e.web.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Scenario 7: a real browser, a node restarted from the farm console mid-form. It drives a farm started with the
 * {@code farm} command rather than the harness's separate processes: the console's restart button can only restart
 * nodes of the process that started them, and that process is the launcher (which is also what a person runs).
 */
class BrowserIT
{
    @ParameterizedTest
    // One store mode: what the browser and the console do does not depend on the store, which PostgresFarmIT and
    // StateServerFarmIT break in every other way. Memory mode's "session lost" page: MemoryFarmIT, SessionLossTest.
    @EnumSource(value = Mode.class, names = "STATE_SERVER")
    void aNodeRestartedFromTheConsoleMidFormLosesNothing(Mode mode)
    {
        assumeTrue(Chromium.installed(), "chromium and chromium-driver are not installed");
        try (FarmLauncher farm = FarmLauncher.start(mode, 2); Chromium chromium = Chromium.start(mode.flag()))
        {
            BrowserScenario scenario = new BrowserScenario(mode, farm, chromium);
            String confirmation = scenario.order();
            int answers = scenario.survey();
            if (mode.keepsSessions())
            {
                assertNotNull(confirmation);
                assertTrue(answers > 0);
            }
            else
                assertNull(confirmation, "memory mode: the session is lost with its node");
            System.out.printf("[e2e summary] S7 browser | %s | order: %s; survey: %s; 2 nodes restarted from the "
                + "console, screenshots in target/screenshots/%s-*.png%n", mode,
                confirmation == null ? "session lost after the restart (shown)"
                    : "placed, " + confirmation + ", stored once",
                answers < 0 ? "session lost after the restart (shown)" : "sent, " + answers + " answers stored",
                mode.flag());
        }
    }

    @AfterAll
    static void nothingLeftBehind()
    {
        assertTrue(Leftovers.alive().isEmpty(), () -> "processes left behind: " + Leftovers.alive());
    }
}
