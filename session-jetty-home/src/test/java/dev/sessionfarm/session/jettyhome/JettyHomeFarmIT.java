package dev.sessionfarm.session.jettyhome;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sessionfarm.store.stateserver.StateServerProcess;
import dev.sessionfarm.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our jetty-home modules in the real jetty-home: two jetty-bases made with {@code --add-modules}, each running a
 * deployed counter WAR as a separate Jetty process on one store, behind a round-robin balancer. The visit count
 * goes on across the two servers, across a restart of each, and across a store outage, during which the person
 * gets 503 and not a fresh session (which proves that our session handler, not Jetty's, serves the WAR).
 * Logs stay in target/it-work/STORE/NODE/jetty.log.
 */
class JettyHomeFarmIT
{
    private static final Path WORK = Path.of(System.getProperty("it.work"));

    @Test
    void stateServerStore() throws Exception
    {
        try (StateServerProcess state = StateServerProcess.start(true))
        {
            Map<String, List<String>> ini = Map.of("session-store-farm-state-server.ini", List.of(
                "session.stateServer=" + state.address(),
                "session.stateServerKeyFile=" + state.keyFile()));
            farm("session-store-farm-state-server", ini, state::stop, state::start,
                config -> assertFalse(config.contains("postgresql-"), "the state-server module ships no JDBC driver"));
        }
    }

    @Test
    void postgresStore() throws Exception
    {
        long start = System.nanoTime();
        try (TestPostgres postgres = TestPostgres.own())
        {
            System.out.printf("PostgreSQL started in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            Map<String, List<String>> ini = Map.of("session-store-farm-postgres.ini", List.of(
                "session.jdbcUrl=" + postgres.newDatabase(),
                "session.connectTimeout=1s"));
            farm("session-store-farm-postgres", ini, postgres::stop, postgres::start,
                config -> assertFalse(config.contains("state-client-"), "the postgres module ships no state client"));
        }
    }

    private interface ConfigCheck
    {
        void check(String listConfig);
    }

    private static void farm(String storeModule, Map<String, List<String>> ini, Runnable storeDown, Runnable storeUp,
                             ConfigCheck classPath)
        throws Exception
    {
        Path work = WORK.resolve(storeModule);
        String modules = "http,ee10-deploy," + storeModule;
        long start = System.nanoTime();
        Path template = JettyBase.template(work, modules);
        System.out.printf("%s: jetty-base made in %d ms%n", storeModule, (System.nanoTime() - start) / 1_000_000);
        try (JettyBase a = JettyBase.of(template, "nodeA", ini);
             JettyBase b = JettyBase.of(template, "nodeB", ini))
        {
            a.launch();
            b.launch();
            classPath.check(a.listConfig());
            a.awaitReady();
            b.awaitReady();
            System.out.printf("%s: both servers up at %d ms%n", storeModule, (System.nanoTime() - start) / 1_000_000);
            try (RoundRobinBalancer balancer = new RoundRobinBalancer(List.of(a.url(), b.url())))
            {
                Visitor person = new Visitor(balancer.url() + "/counter/");
                Set<String> servers = new HashSet<>();
                for (int i = 1; i <= 4; i++)
                    servers.add(person.expectCount(i));
                assertEquals(2, servers.size(), "the balancer sends the visits to both servers");

                a.restart();
                person.expectCount(5);
                person.expectCount(6);
                b.restart();
                person.expectCount(7);
                person.expectCount(8);

                storeDown.run();
                assertEquals(503, person.status(), "store down: 503, not a fresh session");
                assertEquals(503, person.status(), "store down: 503 from the other server too");
                storeUp.run();
                // Each server's pool finds the store back on its own: the first answer may come from one still
                // waiting for it (503 again, nothing counted).
                person.awaitCount(9);
                person.awaitCount(10);
                System.out.printf("%s: done at %d ms%n", storeModule, (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    /** One person with a browser's cookie jar, visiting through the balancer. */
    private static final class Visitor
    {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI page;

        Visitor(String page)
        {
            this.page = URI.create(page);
        }

        private HttpResponse<String> visit() throws IOException, InterruptedException
        {
            return client.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        }

        /** @return the port of the server that answered */
        String expectCount(int count) throws IOException, InterruptedException
        {
            HttpResponse<String> response = visit();
            assertEquals(200, response.statusCode(), response.body());
            String[] countAndPort = response.body().split(" ");
            assertEquals(String.valueOf(count), countAndPort[0], "visit count");
            return countAndPort[1];
        }

        int status() throws IOException, InterruptedException
        {
            return visit().statusCode();
        }

        /** The store is back: its clients reconnect by themselves, within a few seconds, and nothing was lost. */
        void awaitCount(int count) throws IOException, InterruptedException
        {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            HttpResponse<String> response = visit();
            while (response.statusCode() == 503 && System.nanoTime() < deadline)
            {
                Thread.sleep(200);
                response = visit();
            }
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().startsWith(count + " "), "visit count after the outage: " + response.body());
        }
    }
}
