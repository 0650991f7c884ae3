package dev.sessionfarm.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.sessionfarm.e2e.farm.Farm;
import dev.sessionfarm.e2e.farm.Node;
import dev.sessionfarm.e2e.users.Journey;
import dev.sessionfarm.e2e.users.Ledger;
import dev.sessionfarm.e2e.users.OrderJourney;
import dev.sessionfarm.e2e.web.HttpUser;
import dev.sessionfarm.e2e.web.NodeMetrics;
import dev.sessionfarm.e2e.web.Reply;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 6. Fixation: placing an order gives the session a new id; the new id works on every node, the old one on
 * none. Expiry: with a short timeout, every session ends (its end listener runs) exactly once in the whole farm,
 * whether the nodes' scavengers race for it or requests meet it on every node at once after it expired; the
 * nodes' counters of sessions created and ended must then balance, and stay balanced.
 */
final class FixationAndExpiry
{
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SCAVENGE = Duration.ofSeconds(3);
    private static final int LEFT_TO_SCAVENGERS = 4;
    private static final int MET_BY_REQUESTS = 3;

    private FixationAndExpiry()
    {
    }

    static void fixation(Farm farm) throws Exception
    {
        Ledger ledger = new Ledger(farm.events());
        HttpUser person = new HttpUser(farm.uri());
        OrderJourney order = new OrderJourney(new Journey(person, "the person", ledger, false, Duration.ZERO), ledger,
            Tags.next("s6"), 6);
        order.firstHalf();
        String before = person.sessionId();
        order.secondHalf(false);
        String after = person.sessionId();
        assertTrue(ledger.errors().isEmpty() && ledger.lost().isEmpty(), ledger::problems);
        assertNotEquals(before, after, "placing the order changes the session id");
        int knownTo = 0;
        for (Node node : farm.nodes())
        {
            HttpUser renamed = new HttpUser(farm.uri());
            renamed.useSessionId(after);
            Reply page = renamed.getFrom(node.uri(), "/order/confirmation");
            boolean shown = page.status() == 200 && page.body().contains(order.confirmation());
            knownTo += shown ? 1 : 0;
            if (farm.mode().keepsSessions())
                assertTrue(shown, () -> "the new id on " + node.name() + ": " + page.describe());
            HttpUser planted = new HttpUser(farm.uri());
            planted.useSessionId(before);
            Reply old = planted.getFrom(node.uri(), "/order/confirmation");
            assertFalse(old.body().contains(order.confirmation()),
                () -> "the old id on " + node.name() + ": " + old.describe());
        }
        if (!farm.mode().keepsSessions())
            assertEquals(1, knownTo, "memory mode: only the session's own node knows the new id");
        System.out
            .printf("[e2e summary] S6 session fixation | %s | id changed on submit; new id shows the confirmation "
                + "on %d of %d nodes, the old id on none%n", farm.mode(), knownTo, farm.nodes().size());
    }

    /** Restarts the nodes with a short session timeout: run it last, the farm keeps it. */
    static void expiry(Farm farm)
    {
        farm.restartNodesWith(List.of("--timeout", TIMEOUT.toMillis() + "ms", "--scavenge-interval",
            SCAVENGE.toMillis() + "ms"));
        for (int i = 0; i < LEFT_TO_SCAVENGERS; i++)
            assertEquals(200, new HttpUser(farm.uri()).get("/survey/page/1").status());
        List<String> met = new ArrayList<>();
        for (int i = 0; i < MET_BY_REQUESTS; i++)
        {
            HttpUser person = new HttpUser(farm.uri());
            assertEquals(200, person.get("/survey/page/1").status());
            met.add(person.sessionId());
        }
        long expired = System.currentTimeMillis() + TIMEOUT.toMillis() + 100;
        await().atMost(TIMEOUT.multipliedBy(3)).until(() -> System.currentTimeMillis() > expired);
        // Every node at once meets each of these expired sessions; the scavengers may be at it too.
        List<CompletableFuture<Reply>> meetings = new ArrayList<>();
        for (String id : met)
        {
            for (Node node : farm.nodes())
            {
                HttpUser late = new HttpUser(farm.uri());
                late.useSessionId(id);
                meetings.add(CompletableFuture.supplyAsync(() -> late.getFrom(node.uri(), "/survey/page/1")));
            }
        }
        for (CompletableFuture<Reply> meeting : meetings)
        {
            Reply reply = meeting.join();
            assertEquals(200, reply.status(), reply::describe);
            assertTrue(reply.saysSessionGone(), () -> "an expired session's request is told so: " + reply.describe());
        }
        // Every session made here (the notices above made more) ends once the timeout has passed: the counters
        // balance, and stay balanced for longer than a scavenge, so no session ends a second time.
        Duration settle = TIMEOUT.plus(SCAVENGE).multipliedBy(3);
        try
        {
            await().atMost(settle).until(() -> ended(farm) == created(farm)
                && created(farm) >= LEFT_TO_SCAVENGERS + MET_BY_REQUESTS);
            await().during(SCAVENGE.plusSeconds(1)).atMost(SCAVENGE.multipliedBy(3))
                .until(() -> ended(farm) == created(farm));
        }
        catch (org.awaitility.core.ConditionTimeoutException e)
        {
            throw new AssertionError("sessions started and ended on the nodes do not balance (each expired session "
                + "must end exactly once): " + counters(farm), e);
        }
        System.out.printf("[e2e summary] S6 expiry | %s | %d sessions started, %d ended, each exactly once (%s); %d "
            + "met on all %d nodes at once after expiring%n", farm.mode(), (long)created(farm), (long)ended(farm),
            counters(farm), MET_BY_REQUESTS, farm.nodes().size());
    }

    private static String counters(Farm farm)
    {
        List<String> perNode = new ArrayList<>();
        for (Node node : farm.nodes())
            perNode.add(node.name() + " started " + (long)counter(node, "sessions_started_total") + ", ended "
                + (long)counter(node, "sessions_ended_total"));
        return String.join("; ", perNode);
    }

    private static double created(Farm farm)
    {
        return farm.nodes().stream().mapToDouble(n -> counter(n, "sessions_started_total")).sum();
    }

    private static double ended(Farm farm)
    {
        return farm.nodes().stream().mapToDouble(n -> counter(n, "sessions_ended_total")).sum();
    }

    private static double counter(Node node, String meter)
    {
        return NodeMetrics.sum(node.uri(), meter);
    }
}
