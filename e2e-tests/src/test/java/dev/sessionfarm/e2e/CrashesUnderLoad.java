package dev.sessionfarm.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import dev.sessionfarm.e2e.farm.Farm;
import dev.sessionfarm.e2e.farm.Node;
import dev.sessionfarm.e2e.users.Ledger;
import dev.sessionfarm.e2e.users.LoadRun;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 2: twenty people answer the survey and order concurrently while random nodes are killed (-9) and
 * restarted, one at a time, at set points of their progress. Nothing acknowledged may be lost or wrong, and nobody
 * sees an error, except requests in flight on a node at the moment it was killed: those are counted, sent again,
 * and the read-back and the stored orders show the resubmission lost and duplicated nothing. Memory mode must
 * show people losing their sessions.
 */
final class CrashesUnderLoad
{
    static final int PEOPLE = 20;
    static final int KILLS = 2;
    /** Memory mode, the negative control, shows its losses with the first kill. */
    private static final int KILLS_IN_MEMORY_MODE = 1;
    /** Kill when the people together have had this many more steps acknowledged. */
    private static final int STEPS_BETWEEN_KILLS = 70;

    private CrashesUnderLoad()
    {
    }

    static void run(Farm farm) throws Exception
    {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int kills = farm.mode().keepsSessions() ? KILLS : KILLS_IN_MEMORY_MODE;
        Ledger ledger = LoadRun.run(farm, farm.uri(), Tags.next("s2"), PEOPLE, Duration.ofMillis(60), false, load ->
        {
            List<Node> nodes = farm.nodes();
            for (int k = 1; k <= kills; k++)
            {
                int threshold = k * STEPS_BETWEEN_KILLS;
                await().atMost(Duration.ofSeconds(90)).until(() -> load.steps() >= threshold);
                Node victim = nodes.get(random.nextInt(nodes.size()));
                System.out.println("e2e: kill -9 " + victim + " after " + load.steps() + " steps (seed " + seed + ")");
                victim.killAndRestart();
            }
            int after = load.steps() + STEPS_BETWEEN_KILLS / 2;
            await().atMost(Duration.ofSeconds(90)).until(() -> load.steps() >= after);
        });
        System.out.println(ledger.summary("S2 crashes under load (" + PEOPLE + " people)", farm.mode()));
        assertEquals(kills, ledger.kills());
        assertEquals(kills, ledger.restarts());
        assertTrue(ledger.errors().isEmpty(), ledger::problems);
        if (farm.mode().keepsSessions())
        {
            assertTrue(ledger.lost().isEmpty() && ledger.duplicated().isEmpty() && ledger.sessionsGone() == 0,
                ledger::problems);
            assertTrue(ledger.journeys() >= PEOPLE, ledger::problems);
        }
        else
            assertTrue(ledger.sessionsGone() > 0, () -> "memory mode must show sessions lost with killed nodes: "
                + ledger.summary("S2", farm.mode()));
    }
}
