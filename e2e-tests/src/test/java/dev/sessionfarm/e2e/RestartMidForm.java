package dev.sessionfarm.e2e;

import java.net.URI;

import dev.sessionfarm.e2e.farm.Farm;
import dev.sessionfarm.e2e.farm.Node;
import dev.sessionfarm.e2e.users.Journey;
import dev.sessionfarm.e2e.users.Ledger;
import dev.sessionfarm.e2e.users.OrderJourney;
import dev.sessionfarm.e2e.users.ShopRecords;
import dev.sessionfarm.e2e.web.HttpUser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 1: half an order through the front door (the balancer, or nginx), then the node that acknowledged the
 * last step is restarted, then every node at once (and, behind our balancer, the balancer too); the person carries
 * on: everything typed is still there and the stored order matches it. In memory mode the person must be told the
 * session was lost.
 */
final class RestartMidForm
{
    private RestartMidForm()
    {
    }

    static void run(Farm farm, URI entry, String via, boolean restartBalancer) throws Exception
    {
        Ledger ledger = new Ledger(farm.events());
        Journey journey = new Journey(new HttpUser(entry), "the person", ledger, false, java.time.Duration.ZERO);
        OrderJourney order = new OrderJourney(journey, ledger, Tags.next("s1"), 1);
        try
        {
            order.firstHalf();
            Node last = farm.node(journey.savedVia("order items"));
            last.restart();
            farm.restartAllNodesTogether();
            if (restartBalancer)
                farm.balancer().killAndRestart();
            order.readBack();
            order.secondHalf(false);
            order.verifyStored(new ShopRecords(farm.database().jdbcUrl()));
            ledger.journeyCompleted();
        }
        catch (Journey.SessionGone gone)
        {
            ledger.sessionGone(gone.getMessage());
        }
        System.out.println(ledger.summary("S1 restart mid-form via " + via, farm.mode()));
        if (farm.mode().keepsSessions())
        {
            assertEquals(1, ledger.journeys(), () -> "the order was not completed: " + ledger.problems());
            assertTrue(ledger.lost().isEmpty() && ledger.errors().isEmpty() && ledger.duplicated().isEmpty()
                && ledger.sessionsGone() == 0, ledger::problems);
        }
        else
        {
            assertEquals(1, ledger.sessionsGone(), () -> "memory mode must show the loss: " + ledger.problems());
            assertTrue(ledger.sessionsGoneNotes().get(0).contains("Your session was lost")
                || ledger.sessionsGoneNotes().get(0).contains("was sent to"), ledger::problems);
            assertTrue(ledger.errors().isEmpty(), ledger::problems);
        }
    }
}
