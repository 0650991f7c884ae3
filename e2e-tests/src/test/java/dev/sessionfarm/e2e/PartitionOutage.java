package dev.sessionfarm.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.sessionfarm.e2e.farm.Farm;
import dev.sessionfarm.e2e.users.Journey;
import dev.sessionfarm.e2e.users.Ledger;
import dev.sessionfarm.e2e.users.LoadRun;
import dev.sessionfarm.e2e.web.HttpUser;
import dev.sessionfarm.e2e.web.Reply;
import dev.sessionfarm.session.store.Partitions;
import dev.sessionfarm.session.store.Partitions.Partition;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Partitioned farms (issue 14). One partition's store is killed -9 under load: only the people whose sessions live
 * there get the 503 page, within the store's timeouts, while everyone else keeps going; the store comes back with
 * its data and nothing acknowledged is missing. And a partition added to the running farm by two rolling restarts
 * of the nodes costs nobody a form.
 */
final class PartitionOutage
{
    static final int PEOPLE = 9;
    private static final int OUTAGE_503S = 6;
    /** Steps the others must get acknowledged while the partition is down: they carry on. */
    private static final int STEPS_WHILE_DOWN = 40;
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static final int STEPS_BETWEEN_RESTARTS = 15;

    private PartitionOutage()
    {
    }

    /** Kills partition {@code number} (from 1) once people are under way, and starts it again. */
    static void onePartitionDown(Farm farm, int number) throws Exception
    {
        List<String> addresses = farm.partitionAddresses();
        String down = addresses.get(number - 1);
        Farm.Store store = farm.partition(number);
        AtomicInteger stepsWhileDown = new AtomicInteger();
        AtomicReference<Reply> healthWhileDown = new AtomicReference<>();
        Ledger ledger = LoadRun.run(farm, farm.uri(), Tags.next("s4p"), PEOPLE, Duration.ofMillis(40), true, load ->
        {
            await().atMost(Duration.ofSeconds(90)).until(() -> load.steps() >= 30);
            store.kill().run();
            int atKill = load.steps();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.outage503s() >= OUTAGE_503S
                && load.steps() >= atKill + STEPS_WHILE_DOWN);
            stepsWhileDown.set(load.steps() - atKill);
            healthWhileDown.set(new HttpUser(farm.uri()).getFrom(farm.nodes().get(0).uri(), "/health"));
            store.start().run();
            int after = load.steps() + 40;
            await().atMost(Duration.ofSeconds(90)).until(() -> load.steps() >= after);
        });
        System.out.println(ledger.summary("S4 partition " + number + " of " + addresses.size() + " killed -9 ("
            + stepsWhileDown + " steps of others acknowledged while it was down)", farm.mode()));

        // A final submit renames the session, and the new id may belong to the partition that is down: that request
        // gets the 503 too (the session keeps its old id, whole), whichever partition the session is in.
        Map<String, String> met503 = ledger.outageSessions();
        Partitions<String> placement = new Partitions<>(addresses.stream()
            .map(a -> new Partition<>(partitionName(a), a)).toList());
        Map<String, String> elsewhere = new TreeMap<>(met503);
        elsewhere.keySet().removeIf(cookie -> placement.of(clusterId(cookie)).store().equals(down));
        elsewhere.values().removeIf(what -> what.startsWith(Journey.FINAL_SUBMIT));
        assertEquals(Map.of(), elsewhere, "only sessions of the partition that was down may get the 503 page");
        assertTrue(!met503.isEmpty() && ledger.outage503s() >= OUTAGE_503S, ledger::problems);
        Duration bound = Farm.CONNECT_TIMEOUT.plus(Farm.NETWORK_TIMEOUT).plus(SLACK);
        assertTrue(ledger.slowest503Millis() <= bound.toMillis(), () -> "the slowest 503 took "
            + ledger.slowest503Millis() + " ms, more than the store's timeouts allow (" + bound.toMillis() + " ms)");
        assertTrue(ledger.lost().isEmpty() && ledger.errors().isEmpty() && ledger.duplicated().isEmpty()
            && ledger.sessionsGone() == 0, ledger::problems);
        assertTrue(ledger.journeys() >= PEOPLE, ledger::problems);

        Reply health = healthWhileDown.get();
        assertEquals(200, health.status(), "a node stays ready while one partition is down: " + health.body());
        assertTrue(health.body().contains("\"sessionStore\":\"partly unavailable\"")
            && health.body().contains("\"" + partitionName(down) + "\":\"unavailable\""),
            health::body);
    }

    /** People shop while a partition is added with two rolling restarts; nothing is lost, nobody sees an error. */
    static void partitionAdded(Farm farm) throws Exception
    {
        int before = farm.partitionAddresses().size();
        Ledger ledger = LoadRun.run(farm, farm.uri(), Tags.next("s5p"), PEOPLE, Duration.ofMillis(60), false, load ->
        {
            farm.addPartitionByRollingRestarts(() ->
            {
                int steps = load.steps();
                await().atMost(Duration.ofSeconds(90)).until(() -> load.steps() >= steps + STEPS_BETWEEN_RESTARTS);
            });
            int after = load.steps() + STEPS_BETWEEN_RESTARTS;
            await().atMost(Duration.ofSeconds(90)).until(() -> load.steps() >= after);
        });
        System.out.println(ledger.summary("S5 partition " + (before + 1) + " added by two rolling restarts ("
            + PEOPLE + " people)", farm.mode()));
        assertEquals(before + 1, farm.partitionAddresses().size());
        assertEquals(2 * farm.nodes().size(), ledger.restarts());
        assertTrue(ledger.lost().isEmpty() && ledger.errors().isEmpty() && ledger.duplicated().isEmpty()
            && ledger.sessionsGone() == 0 && ledger.inFlight() == 0, ledger::problems);
        assertTrue(ledger.journeys() >= PEOPLE, ledger::problems);
    }

    /** As the nodes name a partition: a JDBC URL without its query (where a password may be), or host:port. */
    private static String partitionName(String address)
    {
        int query = address.indexOf('?');
        return query < 0 ? address : address.substring(0, query);
    }

    /** The cookie's value is the session id, a dot, and the node that made it. */
    private static String clusterId(String cookie)
    {
        int dot = cookie.lastIndexOf('.');
        return dot < 0 ? cookie : cookie.substring(0, dot);
    }
}
