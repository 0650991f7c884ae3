package dev.sessionfarm.webapp.node;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GracefulStopTest
{
    @Test
    void aConnectionIdleWhenTheStopBeginsStillAnswersARequestWithARefusal() throws Exception
    {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        GracefulStop graceful = new GracefulStop(new Handler.Abstract()
        {
            @Override
            public boolean handle(Request request, Response response, Callback callback)
            {
                response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
        });
        server.setHandler(graceful);
        server.setStopTimeout(10_000);
        server.start();
        try (Socket balancer = new Socket("127.0.0.1", connector.getLocalPort()))
        {
            balancer.setSoTimeout(5000);
            assertTrue(exchange(balancer).startsWith("HTTP/1.1 200"), "kept alive before the stop");
            // Idle for longer than Jetty's own shutdown idle timeout (one second), as a balancer's spare connections are.
            Thread.sleep(1500);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() ->
            {
                try
                {
                    server.stop();
                }
                catch (Exception e)
                {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(graceful::isShutdown);
            // The balancer sends a request on its idle connection just as the node begins to stop: it gets an answer.
            String refused = exchange(balancer);
            assertTrue(refused.startsWith("HTTP/1.1 503") && refused.contains(GracefulStop.STOPPING_HEADER), refused);
            stopping.get();
        }
        finally
        {
            server.stop();
        }
    }

    @Test
    void aDrainingNodeStillAcceptsConnectionsAndRefusesTheirRequests() throws Exception
    {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        GracefulStop graceful = new GracefulStop(new Handler.Abstract()
        {
            @Override
            public boolean handle(Request request, Response response, Callback callback)
            {
                response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
        });
        server.setHandler(graceful);
        server.start();
        try
        {
            CompletableFuture<Void> draining = CompletableFuture.runAsync(() ->
            {
                try
                {
                    graceful.drain(Duration.ofSeconds(2));
                }
                catch (InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() ->
            {
                try (Socket late = new Socket("127.0.0.1", connector.getLocalPort()))
                {
                    late.setSoTimeout(5000);
                    String answer = exchange(late);
                    return answer.startsWith("HTTP/1.1 503") && answer.contains(GracefulStop.STOPPING_HEADER);
                }
            });
            draining.get();
        }
        finally
        {
            server.stop();
        }
    }

    /** One keep-alive GET; returns the answer's head. */
    private static String exchange(Socket socket) throws IOException
    {
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: node\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n"))
        {
            int c = in.read();
            if (c < 0)
                return "closed without an answer after: " + head;
            head.append((char)c);
        }
        int length = Integer.parseInt(head.toString().replaceAll("(?s).*[Cc]ontent-[Ll]ength: (\\d+).*", "$1"));
        in.readNBytes(length);
        return head.toString();
    }
}
