package dev.sessionfarm.webapp.farm;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sessionfarm.webapp.node.GracefulStop;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The balancer in front of two live backends and one that is down (nothing listens on its port). */
class RetryingBalancerTest
{
    /** Short, so that a test can wait out idle connections quickly. */
    private static final long IDLE_MILLIS = 300;

    private final List<Server> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Answers with its name and the body it got; counts what it processed. */
    static final class Backend extends HttpServlet
    {
        private static final long serialVersionUID = 1L;
        final String name;
        final AtomicInteger processed = new AtomicInteger();
        final AtomicInteger seen = new AtomicInteger();
        volatile boolean stopping;
        volatile long delayMillis;

        Backend(String name)
        {
            this.name = name;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException
        {
            seen.incrementAndGet();
            if (stopping)
            {
                response.setHeader(GracefulStop.STOPPING_HEADER, "true");
                response.sendError(503);
                return;
            }
            processed.incrementAndGet();
            sleepFor(delayMillis);
            String body = new String(request.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            response.getWriter().write(name + ":" + request.getMethod() + ":" + body);
        }
    }

    @AfterEach
    void stop() throws Exception
    {
        for (Server server : servers)
            server.stop();
    }

    @Test
    void requestsForADownNodeGoToTheNextOneAndPostsAreDeliveredOnce() throws Exception
    {
        Backend a = new Backend("a");
        Backend c = new Backend("c");
        URI balancer = balancer(false, serve(a), deadMember(), serve(c));
        for (int i = 0; i < 12; i++)
        {
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(balancer.resolve("/page?i=" + i)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, get.statusCode(), get::body);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(balancer.resolve("/form"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("n=" + i)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, post.statusCode(), post::body);
            assertTrue(post.body().endsWith(":POST:n=" + i), post::body);
        }
        assertEquals(24, a.processed.get() + c.processed.get(), "each request processed exactly once");
        assertTrue(a.processed.get() > 0 && c.processed.get() > 0, "both live nodes served");
    }

    @Test
    void aStickySessionOfADownNodeIsServedByAnotherNode() throws Exception
    {
        Backend a = new Backend("a");
        URI balancer = balancer(true, serve(a), deadMember());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(balancer.resolve("/order"))
            .header("Cookie", "JSESSIONID=abc123.node2").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("a:GET:", response.body());
    }

    @Test
    void aNodeThatIsStoppingHandsItsRequestsOn() throws Exception
    {
        Backend stopping = new Backend("stopping");
        stopping.stopping = true;
        Backend c = new Backend("c");
        URI balancer = balancer(false, serve(stopping), serve(c));
        for (int i = 0; i < 6; i++)
        {
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(balancer.resolve("/form"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("n=" + i)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, post.statusCode(), post::body);
            assertEquals("c:POST:n=" + i, post.body());
        }
        assertEquals(6, c.processed.get());
        assertEquals(1, stopping.seen.get(), "once it said it is stopping, it is sent nothing more for a while");
    }

    @Test
    void anAnswerSlowerThanTheIdleConnectionTimeoutStillArrives() throws Exception
    {
        Backend slow = new Backend("slow");
        slow.delayMillis = 3 * IDLE_MILLIS;
        URI balancer = balancer(false, serve(slow));
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(balancer.resolve("/form"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("n=1")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, post.statusCode(), post::body);
        assertEquals("slow:POST:n=1", post.body());
    }

    @Test
    void aNodeThatDroppedARequestGetsNoNewOnesForAWhile() throws Exception
    {
        try (DroppingMember dropping = new DroppingMember())
        {
            Backend c = new Backend("c");
            URI balancer = balancer(false, dropping.uri(), serve(c));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++)
            {
                HttpResponse<String> post = http.send(HttpRequest.newBuilder(balancer.resolve("/form"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("n=" + i)).build(),
                    HttpResponse.BodyHandlers.ofString());
                statuses.add(post.statusCode());
            }
            assertEquals(1, dropping.requests.get(), "after one dropped request, the node is sent nothing for a while");
            assertEquals(1, statuses.stream().filter(s -> s == 502).count(),
                "a POST the node may have processed is not sent again: " + statuses);
            assertEquals(5, c.processed.get());
        }
    }

    /** A node killed while it holds requests: it reads each request, then its connection closes with no answer. */
    private static final class DroppingMember implements AutoCloseable
    {
        final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final AtomicInteger requests = new AtomicInteger();
        final Thread acceptor = new Thread(this::drop, "dropping-member");

        DroppingMember() throws IOException
        {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri()
        {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        private void drop()
        {
            while (!socket.isClosed())
            {
                try (java.net.Socket connection = socket.accept())
                {
                    java.io.InputStream in = connection.getInputStream();
                    int matched = 0;
                    for (int b; matched < 4 && (b = in.read()) >= 0;)
                        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                    if (matched == 4)
                        requests.incrementAndGet();
                }
                catch (IOException closed)
                {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException
        {
            socket.close();
        }
    }

    /** A node that takes its time, as one waiting for its session store does. */
    private static void sleepFor(long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private URI serve(Backend backend) throws Exception
    {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(backend), "/*");
        server.setHandler(context);
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** A port that nothing listens on: connections to it are refused. */
    private static URI deadMember() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    private URI balancer(boolean sticky, URI... members) throws Exception
    {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder(RetryingBalancer.class);
        holder.setAsyncSupported(true);
        for (int i = 0; i < members.length; i++)
            holder.setInitParameter("balancerMember.node" + (i + 1) + ".proxyTo", members[i].toString());
        holder.setInitParameter("stickySessions", String.valueOf(sticky));
        holder.setInitParameter("idleTimeout", String.valueOf(IDLE_MILLIS));
        context.addServlet(holder, "/*");
        server.setHandler(context);
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }
}
