package dev.sessionfarm.session.custom;

import java.io.IOException;
import java.net.URI;

import dev.sessionfarm.session.SessionState;
import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.testing.SessionClient;
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
            response.getWriter().print(request.getSession().getAttribute("step"));
        }
    }

    @AfterEach
    void stop() throws Exception
    {
        MapStoreProvider.down = false;
        server.stop();
    }

    @Test
    void aChangeWhoseSaveFailedIsNotServedAfterwards() throws Exception
    {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new SetThenLoseStore()), "/set");
        server.setHandler(context);
        SessionConfig config = SessionConfig.builder().set(SessionSetting.MODE, "test-map")
            .set(SessionSetting.APPLICATION_NAME, "failed-save").set(SessionSetting.WORKER_NAME, "a").build();
        SessionState.configure(config).install(server, context);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
        SessionClient client = new SessionClient();

        assertEquals("saved", client.ok(base.resolve("set?value=saved")));
        assertEquals(503, client.get(base.resolve("set?value=lost&fail=1")).status());
        MapStoreProvider.down = false;

        assertEquals("saved", client.ok(base.resolve("set")), "the next request sees what the store has");
    }
}
