package dev.sessionfarm.webapp.node;

import java.time.Duration;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's graceful stop (requests in flight finish; requests arriving meanwhile on open connections are refused
 * with 503), with the refusal marked by {@link #STOPPING_HEADER} and the connection closed. Such a request never
 * reached the application, so a balancer may send it, POST or not, to another node.
 * <p>
 * A node that stops first {@link #drain drains}: for a moment it refuses every request that way while it still
 * accepts connections. Jetty's own stop closes the listening socket at once, and connections a balancer had just
 * opened, still waiting to be accepted, are reset with their requests on them: those fail without an answer, which
 * for a POST cannot be retried safely (the e2e rolling restart met it a few times in a thousand requests). While
 * the node drains, the balancer learns it is stopping and sends it nothing more, so by the time the listening
 * socket closes, nothing is on its way to it.
 */
public final class GracefulStop extends GracefulHandler
{
    public static final String STOPPING_HEADER = "X-Node-Stopping";
    /**
     * How long a kept-alive connection may sit idle, once the node is stopping, before the node closes it. Jetty's
     * default, one second, closes every connection that was idle that long the moment the stop begins, and a
     * balancer's request already on its way on one of them fails without an answer, which for a POST cannot be
     * retried safely (the e2e rolling restart met it about once in 1,500 requests). The balancer closes its own
     * idle connections sooner ({@code RetryingBalancer.IDLE_CONNECTION_TIMEOUT}), so the node never closes one
     * under it; whatever arrives meanwhile is refused as above, and the balancer sends it elsewhere.
     */
    public static final Duration SHUTDOWN_IDLE_TIMEOUT = Duration.ofSeconds(5);

    private volatile boolean draining;

    public GracefulStop(Handler handler)
    {
        super(handler);
        setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
    }

    /** Refuses every new request as a stopping node does, for {@code period}, while still accepting connections. */
    public void drain(Duration period) throws InterruptedException
    {
        draining = true;
        Thread.sleep(period.toMillis());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception
    {
        // Neither draining nor shutting down ever reverts, so a request seen here as stopping is refused below.
        boolean shutdown = isShutdown();
        if (draining || shutdown)
        {
            response.getHeaders().put(STOPPING_HEADER, "true");
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            if (!shutdown)
            {
                Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503);
                return true;
            }
        }
        return super.handle(request, response, callback);
    }
}
