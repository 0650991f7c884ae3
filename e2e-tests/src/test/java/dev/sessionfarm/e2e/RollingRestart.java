package dev.sessionfarm.e2e;

import java.time.Duration;

import dev.sessionfarm.e2e.farm.Farm;
import dev.sessionfarm.e2e.farm.Node;
import dev.sessionfarm.e2e.users.Ledger;
import dev.sessionfarm.e2e.users.LoadRun;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 3: people shop while every node is restarted gracefully, one after the other, each back before the
 * next goes down (what a deployment does). Nobody may see an error and nothing may be lost; memory mode must show
 * the sessions going with their nodes.
 */
final class RollingRestart
{
    static final int PEOPLE = 12;
    private static final int STEPS_BETWEEN_RESTARTS = 40;

    private RollingRestart()
    {
    }

    static void run(Farm farm) throws Exception
    {
        Ledger ledger = LoadRun.run(farm, farm.uri(), Tags.next("s3"), PEOPLE, Duration.ofMillis(60), false, load ->
        {
            for (Node node : farm.nodes())
            {
                int before = load.steps();
                await().atMost(Duration.ofSeconds(90)).until(() -> load.steps() >= before + STEPS_BETWEEN_RESTARTS);
                node.restart();
            }
            int after = load.steps() + STEPS_BETWEEN_RESTARTS;
            await().atMost(Duration.ofSeconds(90)).until(() -> load.steps() >= after);
        });
        System.out.println(ledger.summary("S3 rolling restart (" + PEOPLE + " people)", farm.mode()));
        assertEquals(farm.nodes().size(), ledger.restarts());
        assertTrue(ledger.errors().isEmpty() && ledger.inFlight() == 0, ledger::problems);
        if (farm.mode().keepsSessions())
        {
            assertTrue(ledger.lost().isEmpty() && ledger.duplicated().isEmpty() && ledger.sessionsGone() == 0,
                ledger::problems);
            assertTrue(ledger.journeys() >= PEOPLE, ledger::problems);
        }
        else
            assertTrue(ledger.sessionsGone() > 0, () -> "memory mode must show sessions lost with restarted nodes: "
                + ledger.summary("S3", farm.mode()));
    }
}
