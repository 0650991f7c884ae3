package dev.sessionfarm.webapp.ops;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.store.postgres.PostgresSettings;
import dev.sessionfarm.store.postgres.PostgresStoreProvider;
import dev.sessionfarm.testing.TestPostgres;
import dev.sessionfarm.webapp.node.WebNode;
import dev.sessionfarm.webapp.testing.Browser;
import dev.sessionfarm.webapp.testing.Browser.Page;
import dev.sessionfarm.webapp.testing.TestNodes;
import org.eclipse.jetty.util.ajax.JSON;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpsEndpointsTest
{
    private static TestNodes nodes;
    private static WebNode node;

    @BeforeAll
    static void start() throws Exception
    {
        nodes = new TestNodes();
        node = nodes.postgres("ops");
    }

    @AfterAll
    static void stop() throws Exception
    {
        nodes.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthSaysWhoServesAndThatStoreAndDatabaseAnswer() throws Exception
    {
        Page page = new Browser(node.uri()).get("/health");
        assertEquals(200, page.status(), page::toString);
        Map<String, Object> health = (Map<String, Object>)new JSON().fromJSON(page.body());
        assertEquals("ok", health.get("status"));
        assertEquals("ops", health.get("node"));
        assertEquals("postgres", health.get("mode"));
        assertEquals("ok", health.get("sessionStore"));
        assertEquals("ok", health.get("database"));
        assertEquals(ProcessHandle.current().pid(), ((Number)health.get("pid")).longValue());
    }

    /** Memory mode needs no store outside the node: it is healthy whenever the demo database answers. */
    @Test
    @SuppressWarnings("unchecked")
    void aMemoryModeNodeIsHealthy() throws Exception
    {
        WebNode memory = nodes.memory("ops-memory", 0);
        Page page = new Browser(memory.uri()).get("/health");
        assertEquals(200, page.status(), page::toString);
        Map<String, Object> health = (Map<String, Object>)new JSON().fromJSON(page.body());
        assertEquals("ok", health.get("status"));
        assertEquals("in memory", health.get("sessionStore"));
        assertEquals("ok", health.get("database"));
    }

    /**
     * A node whose store is down must leave the balancer's rotation but not be restarted: a restart brings no store
     * back, and in the meantime the node still serves its error pages.
     */
    @Test
    @SuppressWarnings("unchecked")
    void withTheStoreStoppedTheNodeIsLiveButNotReady() throws Exception
    {
        try (TestPostgres store = TestPostgres.own();
             WebNode outage = nodes.start("ops-outage", 0, SessionSettings.builder()
                 .set(SessionSetting.MODE, PostgresStoreProvider.MODE)
                 .set(PostgresSettings.JDBC_URL, store.newDatabase())
                 .set(SessionSetting.WORKER_NAME, "ops-outage").set(SessionSetting.CONNECT_TIMEOUT, "1s").build()))
        {
            Browser probe = new Browser(outage.uri());
            assertEquals(200, probe.get("/health/live").status());
            Page ready = probe.get("/health/ready");
            assertEquals(200, ready.status(), ready::toString);
            assertEquals("ok", ((Map<String, Object>)new JSON().fromJSON(ready.body())).get("status"));

            store.stop();
            Page live = probe.get("/health/live");
            assertEquals(200, live.status(), live::toString);
            assertEquals("ok", ((Map<String, Object>)new JSON().fromJSON(live.body())).get("status"));
            Page notReady = probe.get("/health/ready");
            assertEquals(503, notReady.status(), notReady::toString);
            Map<String, Object> readiness = (Map<String, Object>)new JSON().fromJSON(notReady.body());
            assertEquals("unavailable", readiness.get("status"));
            assertEquals("unavailable", readiness.get("sessionStore"));
            assertEquals("ok", readiness.get("database"));
            assertEquals(503, probe.get("/health").status(), "/health answers as before");
        }
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception
    {
        Browser browser = new Browser(node.uri());
        browser.open("/order");
        browser.submit("/order/customer", "name", "Metric", "email", "m@example.com", "nav", "next");
        String metrics = browser.get("/metrics").body();
        for (String meter : new String[] {"session_store_operation_seconds_count{", "session_store_conflicts_total{",
            "session_store_session_size_bytes_count{", "sessions_active{node=\"ops\"}",
            "sessions_started_total{node=\"ops\"}", "sessions_ended_total{node=\"ops\"}",
            "http_server_requests_seconds_count{method=\"POST\",node=\"ops\",status=\"303\"}", "jvm_memory_used_bytes"})
            assertTrue(metrics.contains(meter), () -> meter + " missing in\n" + metrics);
    }

    @Test
    void metricsShowTheConnectionPoolsOfTheStoreAndTheDemoDatabase() throws Exception
    {
        String metrics = new Browser(node.uri()).get("/metrics").body();
        for (String pool : new String[] {"session-store", "demo-data"})
        {
            for (String meter : new String[] {"hikaricp_connections", "hikaricp_connections_active",
                "hikaricp_connections_pending", "hikaricp_connections_max", "hikaricp_connections_timeout_total"})
            {
                String line = meter + "{node=\"ops\",pool=\"" + pool + "\"} ";
                assertTrue(metrics.contains(line), () -> line + " missing in\n" + metrics);
            }
        }
    }

    @Test
    void everyResponseNamesTheNodeThatServedIt() throws Exception
    {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/order", "/no/such/page", "/health"})
        {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(node.uri().resolve(path)).build(),
                HttpResponse.BodyHandlers.discarding());
            assertEquals("ops", response.headers().firstValue("X-Node").orElse(""), path + " " + response.statusCode());
        }
    }

    @Test
    void unknownPagesGetThe404PageWithoutInternals() throws Exception
    {
        Page page = new Browser(node.uri()).get("/no/such/page");
        assertEquals(404, page.status());
        assertTrue(page.body().contains("Page not found"), page::toString);
        assertTrue(page.body().contains("class=\"node\">ops<"), "the footer is there too");
        assertFalse(page.body().contains("Exception") || page.body().contains("at org."), page::toString);
    }
}
