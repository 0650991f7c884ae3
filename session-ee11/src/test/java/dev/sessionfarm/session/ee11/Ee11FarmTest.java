package dev.sessionfarm.session.ee11;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.testing.TestPostgres;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store in Jetty 12.1's ee11 environment (Servlet 6.1, what Spring Boot 4 runs), tested as the ee10 farm is:
 * two ee11 applications on one PostgreSQL, requests alternating between them; a visit count that goes on across
 * both, across a restart of one, and across an outage of the store, during which a request is answered 503 and no
 * fresh session is handed out in place of the real one.
 */
class Ee11FarmTest
{
    private static TestPostgres postgres;
    private static String jdbcUrl;

    @BeforeAll
    static void startPostgres()
    {
        postgres = TestPostgres.own();
        jdbcUrl = postgres.newDatabase();
    }

    @AfterAll
    static void stopPostgres()
    {
        if (postgres != null)
            postgres.close();
    }

    @Test
    void aVisitCountGoesOnAcrossNodesARestartAndAStoreOutage() throws Exception
    {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Server a = node("a");
        Server b = node("b");
        try
        {
            HttpResponse<String> first = get(http, a, null);
            assertEquals("1", first.body());
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            for (int visit = 2; visit <= 6; visit++)
                assertEquals(String.valueOf(visit), get(http, visit % 2 == 0 ? b : a, cookie).body());

            a.stop();
            a = node("a");
            assertEquals("7", get(http, a, cookie).body(), "after a restart of node a");
            assertEquals("8", get(http, b, cookie).body());

            postgres.stop();
            HttpResponse<String> duringOutage = get(http, a, cookie);
            assertEquals(503, duringOutage.statusCode(), duringOutage.body());
            assertTrue(duringOutage.headers().firstValue("Set-Cookie").isEmpty(),
                () -> "no fresh session in place of the real one: " + duringOutage.headers().map());
            postgres.start();
            Server node = b;
            HttpResponse<String> back = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(http, node, cookie), reply -> reply.statusCode() == 200);
            assertEquals("9", back.body(), "the count after the store came back");
        }
        finally
        {
            a.stop();
            b.stop();
        }
    }

    private static Server node(String name) throws Exception
    {
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler("/");
        server.setHandler(context);
        context.addServlet(VisitsServlet.class, "/visits");
        SessionState.configure(SessionSettings.load(Map.of("mode", "postgres", "jdbc-url", jdbcUrl, "worker-name",
            name, "connect-timeout", "2s", "network-timeout", "2s"), Map.of())).install(server, context);
        server.start();
        return server;
    }

    private static HttpResponse<String> get(HttpClient http, Server node, String cookie)
        throws IOException, InterruptedException
    {
        int port = ((ServerConnector)node.getConnectors()[0]).getLocalPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/visits"))
            .timeout(Duration.ofSeconds(20));
        if (cookie != null)
            request.header("Cookie", cookie);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Counts a visitor's requests in their session. */
    public static class VisitsServlet extends HttpServlet
    {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
        {
            HttpSession session = request.getSession();
            Integer visits = (Integer)session.getAttribute("visits");
            int now = visits == null ? 1 : visits + 1;
            session.setAttribute("visits", now);
            response.setContentType("text/plain");
            response.getWriter().print(now);
        }
    }
}
