package dev.sessionfarm.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.sessionfarm.e2e.farm.Executables;
import dev.sessionfarm.e2e.farm.FarmEvents;
import dev.sessionfarm.e2e.farm.Mode;
import dev.sessionfarm.e2e.farm.Nginx;
import dev.sessionfarm.e2e.farm.Walkthrough;
import dev.sessionfarm.e2e.users.Journey;
import dev.sessionfarm.e2e.users.Ledger;
import dev.sessionfarm.e2e.users.OrderJourney;
import dev.sessionfarm.e2e.users.ShopRecords;
import dev.sessionfarm.e2e.web.HttpUser;
import dev.sessionfarm.process.Ports;
import dev.sessionfarm.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docs/deployment.md's one-machine walkthrough, run as written (its shell blocks, in bash, from the project root),
 * with free ports and a throwaway database: nginx, two nodes, a state server with a key, TLS and a data directory.
 * Then a person fills half the order form through nginx, node 1 is restarted with the guide's own commands, and
 * the person finishes the order: everything typed was kept and the stored order matches it.
 */
class DeploymentGuideIT
{
    private static final Path ROOT = Path.of(System.getProperty("sessionfarm.root", "..")).toAbsolutePath().normalize();
    private static final Path GUIDE = ROOT.resolve("docs/deployment.md");

    @Test
    void theOneMachineWalkthroughGivesAFarmThatKeepsAFormThroughANodeRestart(@TempDir Path farm) throws Exception
    {
        assumeTrue(Nginx.binary() != null, "nginx is not installed");
        assumeTrue(Executables.find("keytool") != null && Executables.find("curl") != null,
            "the guide needs keytool and curl");
        String database = TestPostgres.shared().newDatabase();
        int web = Ports.free();
        int node1 = Ports.free();
        int node2 = Ports.free();
        Map<String, String> environment = Map.of("DB_URL", database, "STATE_PORT", String.valueOf(Ports.free()),
            "NODE1_PORT", String.valueOf(node1), "NODE2_PORT", String.valueOf(node2), "WEB_PORT", String.valueOf(web),
            // nginx runs in the foreground of this test, not as a system service.
            "PATH", System.getenv("PATH") + ":/usr/sbin");
        try (Walkthrough guide = new Walkthrough(ROOT, farm, environment))
        {
            String output = guide.run(Walkthrough.blocks(GUIDE, "walkthrough"), Duration.ofMinutes(4));
            assertTrue(output.contains("\"status\":\"ok\"") && output.contains("\"mode\":\"state-server\""),
                () -> "the guide's last step should print a healthy node in state-server mode:\n" + output);
            String stateServerLog = guide.file("state-server.log");
            assertTrue(stateServerLog.contains("TLS on") && stateServerLog.contains("auth on")
                && stateServerLog.contains("fsync always"), () -> "state server log:\n" + stateServerLog);

            Ledger ledger = new Ledger(new FarmEvents());
            Journey journey = new Journey(new HttpUser(URI.create("http://127.0.0.1:" + web)), "the reader", ledger,
                false, Duration.ZERO);
            OrderJourney order = new OrderJourney(journey, ledger, Tags.next("guide"), 1);
            order.firstHalf();
            guide.run(Walkthrough.blocks(GUIDE, "node-restart"), Duration.ofMinutes(1));
            awaitHealthy(node1);
            order.readBack();
            order.secondHalf(false);
            order.verifyStored(new ShopRecords(database));
            ledger.journeyCompleted();
            System.out.println(ledger.summary("deployment guide walkthrough, node restart", Mode.STATE_SERVER));
            assertEquals(1, ledger.journeys());
            assertTrue(ledger.lost().isEmpty() && ledger.errors().isEmpty() && ledger.duplicated().isEmpty()
                && ledger.sessionsGone() == 0, ledger::problems);
            assertTrue(guide.file("node-" + node1 + ".log").contains("state-server"),
                "the restarted node should log its session mode");
        }
    }

    private static void awaitHealthy(int port)
    {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
            .timeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
            .until(() -> http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }
}
