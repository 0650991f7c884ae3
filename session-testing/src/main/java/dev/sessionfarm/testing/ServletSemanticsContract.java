package dev.sessionfarm.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.ee10.SessionState;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * What a servlet container promises about sessions, over a store: requests of one session on one node share one
 * session object, dispatches (also into another context of the server) see the outer request's session, and
 * values are the very objects the application stored. Each node runs two contexts, {@code /a} and {@code /b},
 * with sessions of their own ({@link HopServlet} at {@code /hop/*} in both).
 */
public abstract class ServletSemanticsContract
{
    private final List<Server> servers = new ArrayList<>();
    private final String scope = "servlet-" + UUID.randomUUID().toString().substring(0, 8);

    /** Settings that point a node at the store (mode and address). */
    protected abstract SessionSettings.Builder settings();

    @BeforeEach
    void forgetBindings()
    {
        HopServlet.Bound.BOUND.clear();
        HopServlet.Bound.UNBOUND.clear();
    }

    @AfterEach
    void stopNodes() throws Exception
    {
        for (Server server : servers)
            server.stop();
        servers.clear();
    }

    /** A node with contexts /a and /b; the answer is the node's root address. */
    private URI node(String worker) throws Exception
    {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        for (String name : List.of("a", "b"))
        {
            ServletContextHandler context = new ServletContextHandler("/" + name);
            context.setCrossContextDispatchSupported(true);
            context.addServlet(new ServletHolder(new HopServlet()), "/hop/*");
            contexts.addHandler(context);
            SessionSettings config = settings()
                .set(SessionSetting.WORKER_NAME, worker)
                .set(SessionSetting.APPLICATION_NAME, scope + "-" + name)
                .set(SessionSetting.POOL_SIZE, "4")
                .build();
            SessionState.configure(config).allow(HopServlet.Bound.class).install(server, context);
        }
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    @Test
    void concurrentRequestsOfOneSessionShareOneSessionObject() throws Exception
    {
        URI node = node("a");
        SessionClient client = new SessionClient();
        client.ok(node.resolve("a/hop/set:started=yes"));
        int requests = 100;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try
        {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < requests; i++)
                replies.add(pool.submit(() -> client.ok(node.resolve("a/hop/sync-inc:count"))));
            for (Future<String> reply : replies)
                reply.get();
        }
        finally
        {
            pool.shutdownNow();
        }
        String count = client.ok(node.resolve("a/hop/get:count"));
        System.out.printf("[%s] %d concurrent synchronized increments on one node: %s stored%n",
            getClass().getSimpleName(), requests, count);
        assertEquals(requests + ";", count);
        assertEquals(requests + ";", client.ok(node("b").resolve("a/hop/get:count")), "and the store has them");
    }

    @Test
    void aDispatchedRequestSeesAndKeepsWhatTheOuterRequestSet() throws Exception
    {
        URI node = node("a");
        SessionClient client = new SessionClient();
        assertEquals("outer;", client.ok(node.resolve("a/hop/set:x=outer/include:a/get:x/end:_")),
            "include, same context");
        assertEquals("outer;inner;outer;", client.ok(node.resolve(
            "a/hop/set:x=outer/include:b/include:a/get:x/set:y=inner/end:_/end:_/get:y/get:x")),
            "an include into /b that includes /a again");
        assertEquals("outer;inner;", client.ok(node.resolve("a/hop/get:x/get:y")), "both kept");

        SessionClient other = new SessionClient();
        assertEquals("forwarded;", other.ok(node.resolve("a/hop/set:x=forwarded/forward:b/forward:a/get:x")),
            "a forward into /b that forwards to /a again");
        assertEquals("forwarded;", other.ok(node.resolve("a/hop/get:x")));
    }

    @Test
    void aSessionCreatedDuringACrossContextForwardIsStored() throws Exception
    {
        URI node = node("a");
        SessionClient fresh = new SessionClient();
        assertEquals("", fresh.ok(node.resolve("a/hop/forward:b/set:y=made-in-b")));
        assertEquals("made-in-b;", fresh.ok(node.resolve("a/hop/forward:b/get:y")), "a re-forward into /b");
        assertEquals("made-in-b;", fresh.ok(node("b").resolve("b/hop/get:y")), "and the store has it");

        SessionClient known = new SessionClient();
        known.ok(node.resolve("a/hop/set:x=first"));
        assertEquals("", known.ok(node.resolve("a/hop/forward:b/set:y=also-in-b")));
        assertEquals("also-in-b;", known.ok(node.resolve("a/hop/forward:b/get:y")), "beside a session in /a");

        SessionClient both = new SessionClient();
        assertEquals("", both.ok(node.resolve("a/hop/set:x=in-a/forward:b/set:y=in-b")));
        assertEquals("in-b;", both.ok(node.resolve("a/hop/forward:b/get:y")), "created with one in /a");
        assertEquals("in-a;", both.ok(node.resolve("a/hop/get:x")));
        assertEquals("in-b;in-a;", both.ok(node.resolve("b/hop/get:y/include:a/get:x/end:_")));
    }

    @Test
    void aBindingListenerIsNotifiedOnTheInstanceThatWasBound() throws Exception
    {
        URI node = node("a");
        SessionClient client = new SessionClient();
        client.ok(node.resolve("a/hop/bind:listener"));
        client.ok(node.resolve("a/hop/get:other"));
        client.ok(node.resolve("a/hop/remove:listener"));

        assertEquals(1, HopServlet.Bound.BOUND.size(), "bound " + HopServlet.Bound.BOUND);
        assertEquals(1, HopServlet.Bound.UNBOUND.size(), "unbound " + HopServlet.Bound.UNBOUND);
        assertSame(HopServlet.Bound.BOUND.get(0), HopServlet.Bound.UNBOUND.get(0),
            "bound " + HopServlet.Bound.BOUND + ", unbound " + HopServlet.Bound.UNBOUND);
    }
}
