package dev.sessionfarm.e2e;

import java.time.Duration;

import dev.sessionfarm.e2e.farm.Farm;
import dev.sessionfarm.e2e.farm.StateServer;
import dev.sessionfarm.e2e.users.Ledger;
import dev.sessionfarm.e2e.users.LoadRun;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 4: the session store goes away under load and comes back. While it is away, people get the "please try
 * again in a moment" 503 page within the configured timeouts (and retry); afterwards every acknowledged step is
 * there. A state server without a data directory loses its sessions on restart: people are told their session
 * expired and start again, and nobody ever sees a 500.
 */
final class StoreOutage
{
    static final int PEOPLE = 6;
    /** Time for the balancer and the page on top of the store's own timeouts. */
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static final int OUTAGE_503S = 6;

    private StoreOutage()
    {
    }

    /** Restarts the store, as {@code outage} does, once the people are well under way; asserts nothing was lost. */
    static void run(Farm farm, String what, Runnable stop, Runnable start) throws Exception
    {
        Ledger ledger = runCountingLosses(farm, what, stop, start);
        assertTrue(ledger.lost().isEmpty(), ledger::problems);
    }

    /**
     * The same, for a store that may lose its last acknowledged writes (asynchronous replication): those are
     * counted in the ledger, and everything else asserted.
     */
    static Ledger runCountingLosses(Farm farm, String what, Runnable stop, Runnable start) throws Exception
    {
        Ledger ledger = LoadRun.run(farm, farm.uri(), Tags.next("s4"), PEOPLE, Duration.ofMillis(40), true, load ->
        {
            await().atMost(Duration.ofSeconds(90)).until(() -> load.steps() >= 30);
            stop.run();
            // The outage lasts until people have met it: their requests answered, with 503, within the timeouts.
            await().atMost(Duration.ofSeconds(60)).until(() -> load.outage503s() >= OUTAGE_503S);
            start.run();
            int after = load.steps() + 40;
            await().atMost(Duration.ofSeconds(90)).until(() -> load.steps() >= after);
        });
        System.out.println(ledger.summary("S4 " + what, farm.mode()));
        assertTrue(ledger.outage503s() >= OUTAGE_503S, ledger::problems);
        Duration bound = Farm.CONNECT_TIMEOUT.plus(Farm.NETWORK_TIMEOUT).plus(SLACK);
        assertTrue(ledger.slowest503Millis() <= bound.toMillis(), () -> "the slowest 503 took "
            + ledger.slowest503Millis() + " ms, more than the store's timeouts allow (" + bound.toMillis() + " ms)");
        assertTrue(ledger.errors().isEmpty() && ledger.duplicated().isEmpty() && ledger.sessionsGone() == 0,
            ledger::problems);
        assertTrue(ledger.journeys() >= PEOPLE, ledger::problems);
        return ledger;
    }

    /** A state server that keeps nothing on disk restarts empty: "session expired", start again, never a 500. */
    static void runWithoutPersistence(Farm farm) throws Exception
    {
        Ledger ledger = LoadRun.run(farm, farm.uri(), Tags.next("s4n"), PEOPLE, Duration.ofMillis(40), true, load ->
        {
            await().atMost(Duration.ofSeconds(90)).until(() -> load.steps() >= 30);
            farm.stateServers().forEach(StateServer::stop);
            for (StateServer server : farm.stateServers())
            {
                server.persistent(false);
                server.start();
            }
            // People whose sessions went are told so and start a new round; wait until some have finished one.
            int completed = load.journeys();
            await().atMost(Duration.ofSeconds(120)).until(() -> load.journeys() >= completed + PEOPLE / 2);
        });
        System.out.println(ledger.summary("S4 state servers restarted without --data-dir", farm.mode()));
        assertTrue(ledger.sessionsGone() > 0, () -> "the restart lost every session; someone must have been told: "
            + ledger.problems());
        assertTrue(ledger.sessionsGoneNotes().stream().allMatch(n -> n.contains("Your session expired")
            || n.contains("was sent to")), ledger::problems);
        assertTrue(ledger.errors().isEmpty() && ledger.lost().isEmpty() && ledger.duplicated().isEmpty(),
            ledger::problems);
    }
}
