package dev.sessionfarm.webapp.farm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.Ports;
import dev.sessionfarm.webapp.Main;
import dev.sessionfarm.webapp.testing.Browser;
import dev.sessionfarm.webapp.testing.Browser.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The farm launcher as a person runs it: a child process of this test in the default (state-server) mode, with
 * its own embedded PostgreSQL. A form step goes through the balancer, a node is restarted from the console while
 * requests keep coming, the session carries on, and stopping the launcher leaves no process behind.
 */
class FarmLauncherTest
{
    private static final Pattern READY = Pattern.compile("Open (http://127\\.0\\.0\\.1:\\d+/) in your browser");
    private static final Pattern DATABASE = Pattern.compile("JDBC URL: jdbc:postgresql://localhost:(\\d+)/");
    private static final Pattern PARTITION_ROW = Pattern.compile(
        "(?s)class=\"partition-name\">([^<]+)</td>\\s*<td[^>]*class=\"num sessions\">(\\d+)<");
    private static final Pattern NODE1_PID = Pattern.compile("(?s)id=\"node1\".*?class=\"num pid\">(\\d+)<");

    private final List<String> output = new CopyOnWriteArrayList<>();
    private ChildProcess farm;

    /** After a failed test: SIGTERM first, so the farm stops its children (SIGKILL would orphan PostgreSQL). */
    @AfterEach
    void stopLeftovers()
    {
        if (farm == null || !farm.isAlive())
            return;
        List<ProcessHandle> children = farm.handle().descendants().toList();
        farm.stop(Duration.ofSeconds(60));
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aSessionOutlivesANodeRestartAndStoppingLeavesNothingRunning() throws Exception
    {
        farm = startFarm("--nodes", "2", "--port", String.valueOf(Ports.free()));
        URI shop = URI.create(awaitLine(READY, Duration.ofSeconds(120)));
        assertTrue(output.stream().anyMatch(l -> l.contains("state server") && l.contains("saves on disk before "
            + "answering")), "the farm's state server persists, as its pages promise: " + output);

        int database = Integer.parseInt(awaitLine(DATABASE, Duration.ofSeconds(1)));
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + database + "/postgres?user=postgres").close());
        assertTrue(refused.getMessage().contains("password"), "the database wants a password: " + refused);
        for (ProcessHandle child : farm.handle().descendants().toList())
            assertFalse(child.info().commandLine().orElse("").contains("password"),
                "no password on a command line other users can read: " + child.info().commandLine());

        Browser browser = new Browser(shop);
        browser.open("/order");
        Page shipping = browser.submit("/order/customer", "name", "Katherine Johnson", "email", "kj@example.com",
            "nav", "next");
        assertTrue(shipping.body().contains("<h1>Shipping address</h1>"), shipping::toString);
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 4; i++)
            servedBy.add(browser.get("/order/shipping").node());
        assertEquals(Set.of("node1", "node2"), servedBy, "round-robin over both nodes");

        String rebound = rawRequest(shop, "GET /_farm/ HTTP/1.1\r\nHost: attacker.example\r\n\r\n");
        assertTrue(rebound.startsWith("HTTP/1.1 403") && !rebound.contains("name=\"csrf\""),
            "a name that merely resolves here (DNS rebinding) gets neither the page nor its token: " + rebound);
        Browser console = new Browser(shop);
        String token = csrfOf(console.get("/_farm/"));
        String restart = "node=node2&csrf=" + token;
        String foreign = rawRequest(shop, "POST /_farm/restart HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
            + "http://attacker.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + restart.length() + "\r\n\r\n" + restart);
        assertTrue(foreign.startsWith("HTTP/1.1 403"), "a POST from another site's page is refused: " + foreign);
        Page inUrl = console.postRaw("/_farm/restart?csrf=" + token, "node=node2");
        assertEquals(403, inUrl.status(), "the token counts only in the form body: " + inUrl);
        assertFalse(output.stream().anyMatch(l -> l.startsWith("Restarting node2")), "and restarts nothing");
        String oldPid = pidOfNode1(console.get("/_farm/"));
        assertEquals(303, console.post("/_farm/restart", "node", "node1").status());
        List<Integer> statuses = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).until(() ->
        {
            statuses.add(browser.get("/order/shipping").status());
            Page page = console.get("/_farm/");
            return page.body().contains("state running") && !page.body().contains("state restarting")
                && !oldPid.equals(pidOfNode1(page));
        });
        assertTrue(statuses.stream().allMatch(s -> s == 200), () -> "requests during the restart: " + statuses);

        Page customer = browser.open("/order/customer");
        assertTrue(customer.body().contains("value=\"Katherine Johnson\""), customer::toString);
        assertNotEquals(oldPid, pidOfNode1(console.get("/_farm/")));

        int databasePort = Integer.parseInt(awaitLine(DATABASE, Duration.ofSeconds(1)));
        List<ProcessHandle> children = farm.handle().descendants().toList();
        assertTrue(children.size() >= 4, () -> "database, state server, two nodes: " + children);
        // SIGTERM, as Ctrl-C or a service manager would send.
        farm.handle().destroy();
        farm.awaitExit(Duration.ofSeconds(60)); // the launcher stops on SIGTERM
        await().atMost(Duration.ofSeconds(30)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        assertFalse(accepts(databasePort), "the embedded PostgreSQL is stopped too");
        await().atMost(Duration.ofSeconds(5)).until(() -> output.contains("Farm stopped."));
    }

    @Test
    void inMemoryModeSessionsStickToANodeAndAKilledLauncherTakesItsChildrenAlong() throws Exception
    {
        farm = startFarm("--mode", "memory", "--nodes", "2", "--port", String.valueOf(Ports.free()));
        URI shop = URI.create(awaitLine(READY, Duration.ofSeconds(120)));

        Browser browser = new Browser(shop);
        browser.open("/order");
        browser.submit("/order/customer", "name", "Dorothy Vaughan", "email", "dv@example.com", "nav", "next");
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 4; i++)
            servedBy.add(browser.get("/order/shipping").node());
        assertEquals(1, servedBy.size(), "sticky: " + servedBy);
        String node = servedBy.iterator().next();

        Browser console = new Browser(shop);
        console.get("/_farm/");
        console.post("/_farm/restart", "node", node);
        await().atMost(Duration.ofSeconds(90))
            .until(() -> output.stream().anyMatch(l -> l.startsWith(node + " is back")));
        Page lost = browser.open("/order/shipping");
        assertTrue(lost.body().contains("Your session was lost: this farm runs in memory mode"), lost::toString);

        int databasePort = Integer.parseInt(awaitLine(DATABASE, Duration.ofSeconds(1)));
        List<ProcessHandle> children = farm.handle().descendants().toList();
        farm.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        await().atMost(Duration.ofSeconds(30)).until(() -> !accepts(databasePort));
    }

    /**
     * Issue 14: {@code --partitions N} starts N stores; 30 people's sessions end up spread over all of them, every one
     * counted once, and the console shows the count of each.
     */
    @ParameterizedTest
    @CsvSource({"state-server, 3", "postgres, 2"})
    void aPartitionedFarmSpreadsTheSessionsOverItsStoresAndTheConsoleCountsEach(String mode, int partitions)
        throws Exception
    {
        farm = startFarm("--mode", mode, "--partitions", String.valueOf(partitions), "--nodes", "2", "--port",
            String.valueOf(Ports.free()));
        URI shop = URI.create(awaitLine(READY, Duration.ofSeconds(180)));
        assertTrue(output.stream().anyMatch(l -> l.contains(partitions + " partitions")),
            () -> String.join("\n", output));

        int people = 30;
        for (int i = 1; i <= people; i++)
        {
            Browser person = new Browser(shop);
            person.open("/order");
            Page shipping = person.submit("/order/customer", "name", "Person " + i, "email", "p" + i + "@example.com",
                "nav", "next");
            assertTrue(shipping.body().contains("<h1>Shipping address</h1>"), shipping::toString);
        }
        Page console = new Browser(shop).get("/_farm/");
        Matcher row = PARTITION_ROW.matcher(console.body());
        List<Integer> counts = new ArrayList<>();
        while (row.find())
            counts.add(Integer.parseInt(row.group(2)));
        assertEquals(partitions, counts.size(), console::toString);
        assertEquals(people, counts.stream().mapToInt(Integer::intValue).sum(),
            "each session in exactly one: " + counts);
        assertTrue(counts.stream().allMatch(c -> c > 0), "every partition holds some: " + counts);
    }

    /** A setting only the nodes read, with a value they refuse: each node exits before it is ready. */
    @Test
    void aChildThatDiesBeforeItIsReadyIsNamedWithItsLastLinesAndWhatToDoAndNothingIsLeft() throws Exception
    {
        farm = startFarm("--nodes", "1", "--port", String.valueOf(Ports.free()), "--timeout", "soon");
        int exitCode = farm.awaitExit(Duration.ofSeconds(120)); // the launcher gives up
        List<ProcessHandle> left = farm.handle().descendants().filter(ProcessHandle::isAlive).toList();
        assertEquals(1, exitCode);
        assertEquals(List.of(), left, "nothing of the farm is left running");
        await().atMost(Duration.ofSeconds(5)).until(() -> output.contains("Farm stopped."));
        String all = String.join("\n", output);
        Matcher failure = Pattern.compile("farm: could not start: node1 \\(pid \\d+\\) exited with code \\d+ before it "
            + "was ready\\. Its last lines:\n((?:  \\| .*\n)+)What to do: (.+)").matcher(all);
        assertTrue(failure.find(), all);
        assertTrue(failure.group(1).contains("soon"), "its last lines name the refused value: " + failure.group(1));
        assertTrue(failure.group(2).contains("run the command again"), failure.group(2));
    }

    private ChildProcess startFarm(String... args)
    {
        return ChildProcess.java(Main.class.getName()).name("farm").args("farm").args(args).output(line ->
        {
            output.add(line);
            System.out.println(line);
        }).start();
    }

    private String awaitLine(Pattern pattern, Duration timeout)
    {
        return await().atMost(timeout).until(() -> output.stream().map(pattern::matcher).filter(Matcher::find)
            .map(m -> m.group(1)).findFirst().orElse(null), found -> found != null);
    }

    private static String rawRequest(URI server, String request) throws IOException
    {
        try (Socket socket = new Socket(server.getHost(), server.getPort()))
        {
            socket.setSoTimeout(10_000);
            String close = request.replaceFirst("\r\n", "\r\nConnection: close\r\n");
            socket.getOutputStream().write(close.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String csrfOf(Page console)
    {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(console.body());
        assertTrue(m.find(), console::toString);
        return m.group(1);
    }

    private static String pidOfNode1(Page console)
    {
        Matcher m = NODE1_PID.matcher(console.body());
        return m.find() ? m.group(1) : "";
    }

    private static boolean accepts(int port)
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        }
        catch (IOException e)
        {
            return false;
        }
    }
}
