package dev.sessionfarm.store.stateserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.Partitions;
import dev.sessionfarm.session.store.Partitions.Partition;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.testing.SessionClient;
import dev.sessionfarm.testing.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions over several state servers: where each lives, one partition down, and a partition added while serving. */
class PartitionedStateServerTest
{
    private static final String SCOPE = "partition-test";
    private static final int PEOPLE = 40;

    private final List<StateServerProcess> servers = new ArrayList<>();
    private final List<TestNode> nodes = new ArrayList<>();

    @BeforeEach
    void startServers()
    {
        StateServerProcess first = StateServerProcess.start(true);
        servers.add(first);
        servers.add(StateServerProcess.sharingKeyWith(first, true));
        servers.add(StateServerProcess.sharingKeyWith(first, true));
    }

    @AfterEach
    void stopAll() throws Exception
    {
        for (TestNode node : nodes)
            node.close();
        for (int i = servers.size() - 1; i >= 0; i--)
            servers.get(i).close();
    }

    private TestNode node(String worker, List<StateServerProcess> partitions, List<StateServerProcess> others)
        throws Exception
    {
        SessionSettings config = SessionSettings.builder()
            .set(SessionSetting.MODE, StateServerStoreProvider.MODE)
            .set(StateServerSettings.STATE_SERVER, addresses(partitions))
            .set(SessionSetting.OTHER_PARTITIONS, addresses(others))
            .set(StateServerSettings.STATE_SERVER_KEY_FILE, servers.get(0).keyFile().toString())
            .set(SessionSetting.WORKER_NAME, worker).set(SessionSetting.APPLICATION_NAME, SCOPE)
            .set(SessionSetting.CONNECT_TIMEOUT, "1s").set(SessionSetting.NETWORK_TIMEOUT, "2s")
            .set(SessionSetting.POOL_SIZE, "4").build();
        TestNode node = TestNode.start("/", config, null);
        nodes.add(node);
        return node;
    }

    private static String addresses(List<StateServerProcess> servers)
    {
        return servers.stream().map(StateServerProcess::address).collect(Collectors.joining(" "));
    }

    private static String id(SessionClient client)
    {
        String cookie = client.cookie();
        return cookie.substring(0, cookie.lastIndexOf('.'));
    }

    /** The servers that hold the session (exactly one, if all is well). */
    private List<StateServerProcess> holding(SessionClient person)
    {
        return servers.stream().filter(s ->
        {
            try (StateServerClient client = s.client(Duration.ofSeconds(5)))
            {
                return client.load(SCOPE, id(person), 0).status() == LoadResult.Status.FOUND;
            }
        }).toList();
    }

    /** People numbered from {@code first}, each having answered "p" and their number. */
    private static List<SessionClient> people(TestNode node, int first, int count) throws Exception
    {
        List<SessionClient> people = new ArrayList<>();
        for (int i = first; i < first + count; i++)
        {
            SessionClient person = new SessionClient();
            person.ok(node.probe("put?name=answer&value=p" + i));
            people.add(person);
        }
        return people;
    }

    @Test
    void eachSessionLivesInTheOnePartitionItsIdChoosesAndTheyAllServe() throws Exception
    {
        TestNode a = node("a", servers, List.of());
        List<SessionClient> people = people(a, 0, PEOPLE);
        Partitions<StateServerProcess> expected = new Partitions<>(servers.stream()
            .map(s -> new Partition<>(s.address(), s)).toList());
        Map<String, Integer> perServer = new HashMap<>();
        for (SessionClient person : people)
        {
            List<StateServerProcess> holding = holding(person);
            assertEquals(List.of(expected.of(id(person)).store()), holding, "session " + id(person));
            perServer.merge(holding.get(0).address(), 1, Integer::sum);
        }
        assertEquals(3, perServer.size(), "40 sessions over 3 partitions use all three: " + perServer);
    }

    /**
     * A partition that is down costs only its own sessions: their requests get 503, everyone else carries on, and
     * with its data directory it comes back with all its sessions.
     */
    @Test
    void onePartitionDownAnswers503ForItsSessionsOnlyAndReturnsWithThemAll() throws Exception
    {
        TestNode a = node("a", servers, List.of());
        TestNode b = node("b", servers, List.of());
        List<SessionClient> people = people(a, 0, PEOPLE);
        StateServerProcess down = servers.get(1);
        down.kill();
        int refused = 0;
        for (int i = 0; i < people.size(); i++)
        {
            SessionClient person = people.get(i);
            boolean onDown = holdingAmong(person, down);
            SessionClient.Reply reply = person.get(b.probe("get?name=answer"));
            if (onDown)
            {
                assertEquals(503, reply.status(), "a session of the partition that is down: " + reply.body());
                refused++;
            }
            else
            {
                assertEquals(200, reply.status(), reply.body());
                assertEquals("p" + i, reply.body());
                assertEquals(200, person.get(b.probe("put?name=answer&value=q" + i)).status());
            }
        }
        assertTrue(refused > 0 && refused < PEOPLE,
            refused + " of " + PEOPLE + " sessions were on the stopped partition");
        down.start();
        for (int i = 0; i < people.size(); i++)
        {
            String value = people.get(i).ok(a.probe("get?name=answer"));
            assertTrue(value.equals("p" + i) || value.equals("q" + i), "person " + i + " has " + value);
        }
    }

    /**
     * A new id may belong to a partition that is down while the session's own is up. Jetty deletes the old id before
     * it stores the new one, which lost the session there. Now such a rename answers 503 and leaves the person with
     * the old id and the session whole; the others are renamed.
     */
    @Test
    void aRenameIntoAPartitionThatIsDownKeepsTheSessionWhole() throws Exception
    {
        TestNode a = node("a", servers, List.of());
        List<SessionClient> people = people(a, 0, PEOPLE);
        StateServerProcess down = servers.get(1);
        down.kill();
        int kept = 0;
        for (int i = 0; i < people.size(); i++)
        {
            SessionClient person = people.get(i);
            if (holdingAmong(person, down))
                continue;
            String before = person.cookie();
            SessionClient.Reply renamed = person.get(a.probe("renew"));
            if (renamed.status() == 503)
            {
                assertEquals(before, person.cookie(), "a refused rename sends the person back to the old id");
                kept++;
            }
            else
                assertEquals(200, renamed.status(), renamed.body());
            SessionClient.Reply reply = person.get(a.probe("get?name=answer"));
            assertEquals(200, reply.status(), reply.body());
            assertEquals("p" + i, reply.body(), "person " + i + " after renaming " + before + " to " + person.cookie());
        }
        assertTrue(kept > 0, "some new ids fell on the partition that is down, and those sessions kept their old id");
        assertTrue(kept < PEOPLE, "the others were renamed");
    }

    private boolean holdingAmong(SessionClient person, StateServerProcess down)
    {
        Partitions<String> placement = new Partitions<>(servers.stream()
            .map(s -> new Partition<>(s.address(), s.address())).toList());
        return placement.of(id(person)).store().equals(down.address());
    }

    /**
     * Adding a partition to a running farm, by two rolling restarts (docs/deployment.md): first every node learns
     * the new list as the other one, then it becomes the list, the old one the other. At every moment, whichever
     * node serves a person finds their session, sessions never get a second copy, and new ones use the new partition.
     */
    @Test
    void aPartitionAddedByTwoRollingRestartsLosesNobodysSession() throws Exception
    {
        List<StateServerProcess> two = servers.subList(0, 2);
        TestNode old = node("old", two, List.of());
        List<SessionClient> people = people(old, 0, PEOPLE);

        TestNode learning = node("learning", two, servers);
        checkEveryoneIsServed(people, List.of(old, learning), "old and first-step nodes");

        TestNode moved = node("moved", servers, two);
        people.addAll(people(moved, PEOPLE, PEOPLE));
        checkEveryoneIsServed(people, List.of(learning, moved), "first-step and second-step nodes");
        long onNewPartition = people.stream().filter(p -> holding(p).contains(servers.get(2))).count();
        assertTrue(onNewPartition > 0, "sessions created after the change use the new partition");
        assertTrue(onNewPartition < 2 * PEOPLE, "and only some: the others stay where they were placed");
    }

    /** Every person, served in turn by each node, reads their last answer, changes it, and is stored exactly once. */
    private void checkEveryoneIsServed(List<SessionClient> people, List<TestNode> nodes, String what) throws Exception
    {
        for (int i = 0; i < people.size(); i++)
        {
            SessionClient person = people.get(i);
            for (TestNode node : nodes)
            {
                String before = person.ok(node.probe("get?name=answer"));
                assertTrue(before.startsWith("p" + i), what + ": person " + i + " found " + before);
                person.ok(node.probe("put?name=answer&value=p" + i + "-" + node.name()));
            }
            assertEquals(1, holding(person).size(), what + ": person " + i + " stored in " + holding(person).size());
        }
    }
}
