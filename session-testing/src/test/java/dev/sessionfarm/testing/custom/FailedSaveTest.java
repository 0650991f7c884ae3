package dev.sessionfarm.testing.custom;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.ee10.SessionState;
import dev.sessionfarm.testing.SessionClient;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A change whose save failed is not served by the session object this node keeps: the store never had it. */
class FailedSaveTest
{
    private final Server server = new Server();

    /** Sets the attribute if given a value, then takes the store away before the save if told to. */
    static final class SetThenLoseStore extends HttpServlet
    {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
        {
            if (request.getParameter("value") != null)
                request.getSession(true).setAttribute("step", request.getParameter("value"));
            if (request.getParameter("fail") != null)
                MapStoreProvider.down = true;
            if (request.getParameter("renew") != null)
                request.changeSessionId();
            response.getWriter().print(request.getSession().getAttribute("step"));
        }
    }

    @AfterEach
    void stop() throws Exception
    {
        MapStoreProvider.down = false;
        server.stop();
    }

    private URI start() throws Exception
    {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new SetThenLoseStore()), "/set");
        server.setHandler(context);
        SessionSettings config = SessionSettings.builder().set(SessionSetting.MODE, "test-map")
            .set(SessionSetting.APPLICATION_NAME, "failed-save").set(SessionSetting.WORKER_NAME, "a").build();
        SessionState.configure(config).install(server, context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    @Test
    void aChangeWhoseSaveFailedIsNotServedAfterwards() throws Exception
    {
        URI base = start();
        SessionClient client = new SessionClient();

        assertEquals("saved", client.ok(base.resolve("set?value=saved")));
        assertEquals(503, client.get(base.resolve("set?value=lost&fail=1")).status());
        MapStoreProvider.down = false;

        assertEquals("saved", client.ok(base.resolve("set")), "the next request sees what the store has");
    }

    /**
     * A session created by a request whose save failed was never stored: the 503 answer must leave the browser
     * without its id (the last session cookie it sets deletes it), or the next try is told the session expired.
     */
    @Test
    void aNewSessionWhoseFirstSaveFailedLeavesNoCookieBehind() throws Exception
    {
        URI base = start();
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            base.resolve("set?value=first&fail=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, refused.statusCode());
        List<String> cookies = refused.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("JSESSIONID=")).toList();
        assertFalse(cookies.isEmpty(), "Jetty set the new session's cookie: " + refused.headers());
        String last = cookies.get(cookies.size() - 1);
        assertTrue(
            last.startsWith("JSESSIONID=;")
                && (last.contains("Max-Age=0") || last.contains("Expires=Thu, 01 Jan 1970")),
            "the browser ends with: " + cookies);
    }

    /**
     * A final submit renews the session id (against fixation); when the store fails just then, the request must get
     * the 503 page like any other request that meets the outage, not a 500.
     */
    @Test
    void aRenewalThatMeetsAnOutageAnswers503() throws Exception
    {
        URI base = start();
        SessionClient client = new SessionClient();
        assertEquals("saved", client.ok(base.resolve("set?value=saved")));
        SessionClient.Reply reply = client.get(base.resolve("set?value=submitted&fail=1&renew=1"));
        assertEquals(503, reply.status(), reply.body());
        MapStoreProvider.down = false;
        assertEquals("saved", client.ok(base.resolve("set")), "the session is still there under its old id");
    }
}
