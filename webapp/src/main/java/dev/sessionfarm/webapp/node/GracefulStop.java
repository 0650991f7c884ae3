package dev.sessionfarm.webapp.node;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's graceful stop (requests in flight finish; requests arriving meanwhile on open connections are refused
 * with 503), with the refusal marked by {@link #STOPPING_HEADER} and the connection closed. Such a request never
 * reached the application, so a balancer may send it, POST or not, to another node.
 */
public final class GracefulStop extends GracefulHandler
{
    public static final String STOPPING_HEADER = "X-Node-Stopping";

    public GracefulStop(Handler handler)
    {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception
    {
        // Shutting down never reverts, so a request seen here as stopping is refused by the super class as well.
        if (isShutdown())
        {
            response.getHeaders().put(STOPPING_HEADER, "true");
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        return super.handle(request, response, callback);
    }
}
