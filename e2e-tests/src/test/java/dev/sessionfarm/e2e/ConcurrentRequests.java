package dev.sessionfarm.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.e2e.farm.Farm;
import dev.sessionfarm.e2e.farm.Node;
import dev.sessionfarm.e2e.web.HeldPost;
import dev.sessionfarm.e2e.web.HttpUser;
import dev.sessionfarm.e2e.web.NodeMetrics;
import dev.sessionfarm.e2e.web.PageForm;
import dev.sessionfarm.e2e.web.Reply;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 5: one session's requests at the same time on different nodes, as a page's autosave calls make them.
 * Each autosave is sent all but its last byte and held, so none can finish; the nodes' store-load counters then
 * show every one of them has loaded the session. That can only happen if requests of one session are not
 * serialized: a per-session lock would hold all but the first before their load, and the wait would time out.
 * Then all are finished, one after the other: the first on each node started from the stored version (later ones
 * on that node share its session object and may see its save), and every one's answer is kept (the version rose by
 * exactly their number). Memory mode, spread the same way, loses the answers sent to other nodes.
 */
final class ConcurrentRequests
{
    static final int REQUESTS = 6;
    private static final String LOAD = "session_store_operation_seconds_count";
    private static final Pattern VERSION = Pattern.compile("class=\"version\">(\\d+)<");
    private static final Pattern LOADED_VERSION = Pattern.compile("\"loadedVersion\":(\\d+)");

    private ConcurrentRequests()
    {
    }

    static void run(Farm farm)
    {
        HttpUser person = new HttpUser(farm.uri());
        Map<Integer, Map<String, List<String>>> answers = new TreeMap<>();
        String csrf = "";
        for (int page = 1; page <= REQUESTS + 1; page++)
        {
            Reply shown = person.get("/survey/page/" + page);
            assertEquals(200, shown.status(), shown::describe);
            PageForm form = new PageForm(shown.body());
            csrf = form.value("csrf");
            answers.put(page, oneAnswer(form, "concurrent " + page));
        }
        for (Map<String, List<String>> answer : answers.values())
            answer.put("csrf", List.of(csrf));
        if (farm.mode().keepsSessions())
            overlapping(farm, person, answers);
        else
            spreadInMemory(farm, person, answers);
    }

    private static void overlapping(Farm farm, HttpUser person, Map<Integer, Map<String, List<String>>> answers)
    {
        List<Node> nodes = farm.nodes();
        // Reading the load counter as "requests under way" needs one load per request: check that on its own.
        Node first = nodes.get(0);
        double alone = loads(first);
        Reply calibration = person.postTo(first.uri(), "/survey/autosave/" + (REQUESTS + 1), answers.get(REQUESTS + 1));
        assertEquals(200, calibration.status(), calibration::describe);
        assertEquals(1.0, loads(first) - alone, "one autosave loads the session once");

        long versionBefore = version(person);
        double before = totalLoads(nodes);
        List<HeldPost> held = new ArrayList<>();
        Set<String> targets = new TreeSet<>();
        try
        {
            for (int page = 1; page <= REQUESTS; page++)
            {
                Node node = nodes.get((page - 1) % nodes.size());
                targets.add(node.name());
                held.add(HeldPost.begin(node.uri(), "/survey/autosave/" + page, person.sessionId(),
                    HttpUser.encode(answers.get(page))));
            }
            await("all " + REQUESTS + " autosaves of one session loading it while none can finish (a per-session lock "
                + "would keep all but one waiting)").atMost(Duration.ofSeconds(20))
                .until(() -> totalLoads(nodes) - before >= REQUESTS);
            assertEquals(REQUESTS, totalLoads(nodes) - before, 0.0, "each held request loaded the session once");
            List<Reply> replies = held.stream().map(HeldPost::finish).toList();
            Set<String> savedBy = new TreeSet<>();
            for (Reply reply : replies)
            {
                assertEquals(200, reply.status(), reply::describe);
                assertTrue(reply.body().contains("\"saved\":true"), reply::describe);
                long loaded = loadedVersion(reply);
                // Requests of one session on one node share one session object, so a later one there may already
                // see the saves of those that finished before it; the first on each node saw what was stored.
                if (savedBy.add(reply.node()))
                    assertEquals(versionBefore, loaded, () -> "the first request to finish on its node started from "
                        + "the version stored before any of them saved: " + reply.describe());
                else
                    assertTrue(loaded >= versionBefore && loaded < versionBefore + REQUESTS, reply::describe);
            }
            assertEquals(targets, savedBy);
            for (int page = 1; page <= REQUESTS; page++)
                assertReadBack(person, page, answers.get(page), true);
            long versionAfter = version(person);
            assertEquals(versionBefore + REQUESTS, versionAfter,
                "each autosave bumped the version once: none was lost");
            System.out.printf("[e2e summary] S5 concurrent requests of one session | %s | %d autosaves over %s, all "
                + "loading the session at once (no serialization), the first on each node from version %d; all %d kept,"
                + " version %d -> %d%n",
                farm.mode(), REQUESTS, savedBy, versionBefore, REQUESTS, versionBefore, versionAfter);
        }
        finally
        {
            held.forEach(HeldPost::close);
        }
    }

    /** Memory mode: requests spread over nodes as a non-sticky balancer would; only the session's own node has it. */
    private static void spreadInMemory(Farm farm, HttpUser person, Map<Integer, Map<String, List<String>>> answers)
    {
        String owner = person.sessionId().substring(person.sessionId().lastIndexOf('.') + 1);
        List<Node> nodes = farm.nodes();
        List<CompletableFuture<Reply>> sent = new ArrayList<>();
        for (int page = 1; page <= REQUESTS; page++)
        {
            URI node = nodes.get((page - 1) % nodes.size()).uri();
            // A browser of its own with the same cookie: another node's "fresh session" answer must not replace it.
            HttpUser copy = new HttpUser(farm.uri());
            copy.useSessionId(person.sessionId());
            int p = page;
            sent.add(CompletableFuture.supplyAsync(() -> copy.postTo(node, "/survey/autosave/" + p, answers.get(p))));
        }
        int kept = 0;
        for (int page = 1; page <= REQUESTS; page++)
        {
            boolean onOwner = nodes.get((page - 1) % nodes.size()).name().equals(owner);
            sent.get(page - 1).join();
            assertReadBack(person, page, answers.get(page), onOwner);
            kept += onOwner ? 1 : 0;
        }
        assertTrue(kept < REQUESTS, "memory mode must lose the answers sent to other nodes");
        System.out.printf("[e2e summary] S5 concurrent requests of one session | %s | %d autosaves over %d nodes: %d "
            + "kept (sent to %s, the session's node), %d lost (sent to the others)%n", farm.mode(), REQUESTS,
            nodes.size(), kept, owner, REQUESTS - kept);
    }

    private static Map<String, List<String>> oneAnswer(PageForm form, String text)
    {
        Map<String, List<String>> answer = new TreeMap<>();
        if (!form.choiceFields().isEmpty())
        {
            String field = form.choiceFields().get(0);
            List<PageForm.Choice> options = form.choices(field);
            answer.put(field, List.of(options.get(options.size() - 1).value()));
        }
        else
            answer.put(form.textFields().get(0), List.of(text));
        return answer;
    }

    private static void assertReadBack(HttpUser person, int page, Map<String, List<String>> sent, boolean expected)
    {
        PageForm shown = new PageForm(person.get("/survey/page/" + page).body());
        sent.forEach((field, values) ->
        {
            if (field.equals("csrf"))
                return;
            boolean there = shown.values(field).equals(values);
            assertEquals(expected, there, () -> "survey page " + page + " (" + field + "=" + values + "): expected "
                + (expected ? values : "nothing (memory mode, another node)") + ", found " + shown.values(field));
        });
    }

    private static long version(HttpUser person)
    {
        Reply page = person.get("/survey/page/1");
        Matcher m = VERSION.matcher(page.body());
        assertTrue(m.find(), page::describe);
        return Long.parseLong(m.group(1));
    }

    private static long loadedVersion(Reply reply)
    {
        Matcher m = LOADED_VERSION.matcher(reply.body());
        assertTrue(m.find(), reply::describe);
        return Long.parseLong(m.group(1));
    }

    private static double loads(Node node)
    {
        return NodeMetrics.sum(node.uri(), LOAD, "op=\"load\"");
    }

    private static double totalLoads(List<Node> nodes)
    {
        return nodes.stream().mapToDouble(ConcurrentRequests::loads).sum();
    }
}
