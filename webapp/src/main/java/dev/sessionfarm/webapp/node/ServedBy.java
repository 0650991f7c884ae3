package dev.sessionfarm.webapp.node;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Names the node in an {@value #HEADER} header on every response, including redirects and error pages, which
 * have no footer to show it: behind a balancer, that is how an operator (or a test) tells which node answered.
 * The footer of every page shows the same name, so nothing is revealed that was not already.
 */
public final class ServedBy extends Handler.Wrapper
{
    public static final String HEADER = "X-Node";

    private final String node;

    public ServedBy(String node, Handler handler)
    {
        super(handler);
        this.node = node;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception
    {
        response.getHeaders().put(HEADER, node);
        return super.handle(request, response, callback);
    }
}
