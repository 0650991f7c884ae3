package dev.sessionfarm.webapp.farm;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.sessionfarm.webapp.node.GracefulStop;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.BalancerServlet;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Jetty's {@link BalancerServlet} (round-robin, or sticky on the session id's node suffix) plus one thing a farm
 * needs while nodes restart: a request that could not be delivered to its node goes to the next node instead of
 * failing. So that a POST can be sent again, small request bodies are read into memory first; larger ones are
 * streamed and not retried. Only requests that certainly did not reach a node are re-sent (the connection was
 * refused, or the node answered that it is stopping), except GET and HEAD, which are safe to repeat after any failure
 * before the response began. A node whose connection failed in any way but a timeout then gets no new requests for a
 * few seconds ({@link #HOLD_OFF}): after a crash, the connections still pooled to it would fail the same way.
 */
public class RetryingBalancer extends BalancerServlet
{
    private static final long serialVersionUID = 1L;
    /** Larger than any form a node accepts, so every form POST can be retried. */
    public static final int MAX_BUFFERED_BODY = 128 * 1024;
    /**
     * Connections to nodes idle this long are closed by the balancer, well before a node would close them (a
     * stopping node after {@link GracefulStop#SHUTDOWN_IDLE_TIMEOUT}, a running one after 30 s): when the node
     * closes first, a request sent at that moment fails without an answer, and a POST cannot be sent again.
     */
    public static final Duration IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    private static final String BODY = RetryingBalancer.class.getName() + ".body";
    private static final String TRIED = RetryingBalancer.class.getName() + ".tried";

    /**
     * A node that said it is stopping, refused a connection or dropped one, gets no new requests for this long: the
     * rest of a stopping node's drain goes by without traffic, so nothing is on its way to it when it closes its
     * socket, and a crashed node's pooled connections are not tried one request at a time.
     */
    static final Duration HOLD_OFF = Duration.ofSeconds(3);

    private final List<URI> members = new ArrayList<>();
    /** Node origin to the System.nanoTime until which it gets no new requests. */
    private final Map<URI, Long> heldOff = new ConcurrentHashMap<>();

    /** BalancerServlet keeps its members to itself; retries need them too, in a fixed order. */
    @Override
    public void init() throws ServletException
    {
        super.init();
        List<String> names = new ArrayList<>();
        for (String param : Collections.list(getServletConfig().getInitParameterNames()))
        {
            if (param.startsWith("balancerMember.") && param.endsWith(".proxyTo"))
                names.add(param);
        }
        Collections.sort(names);
        for (String param : names)
            members.add(URI.create(getServletConfig().getInitParameter(param)));
    }

    /** While a request waits for its answer, its connection is not idle: only the total timeout applies. */
    @Override
    protected void sendProxyRequest(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                    Request proxyRequest)
    {
        proxyRequest.idleTimeout(getTimeout(), TimeUnit.MILLISECONDS);
        super.sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
    }

    /** Round-robin (or sticky) as Jetty's balancer chooses, but past nodes that are held off, unless all are. */
    @Override
    protected String rewriteTarget(HttpServletRequest request)
    {
        String target = super.rewriteTarget(request);
        if (target == null)
            return null;
        URI chosen = URI.create(target);
        URI origin = origin(chosen);
        if (!isHeldOff(origin))
            return target;
        int start = Math.max(0, members.indexOf(origin));
        for (int i = 1; i < members.size(); i++)
        {
            URI candidate = members.get((start + i) % members.size());
            if (!isHeldOff(candidate))
                return candidate.resolve(pathAndQuery(chosen)).toString();
        }
        return target;
    }

    private boolean isHeldOff(URI origin)
    {
        Long until = heldOff.get(origin);
        return until != null && System.nanoTime() - until < 0;
    }

    private void holdOff(URI origin)
    {
        heldOff.put(origin, System.nanoTime() + HOLD_OFF.toNanos());
    }

    private static String pathAndQuery(URI uri)
    {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException
    {
        long length = request.getContentLengthLong();
        if (length > 0 && length <= MAX_BUFFERED_BODY)
            request.setAttribute(BODY, request.getInputStream().readAllBytes());
        super.service(request, response);
    }

    @Override
    protected Request.Content proxyRequestContent(HttpServletRequest request, HttpServletResponse response,
                                                  Request proxyRequest)
        throws IOException
    {
        byte[] body = (byte[])request.getAttribute(BODY);
        if (body == null)
            return super.proxyRequestContent(request, response, proxyRequest);
        return new BytesRequestContent(request.getContentType(), body);
    }

    /** A buffered body is sent whole: there is nothing to wait for a 100 Continue for. */
    @Override
    protected boolean expects100Continue(HttpServletRequest request)
    {
        return request.getAttribute(BODY) == null && super.expects100Continue(request);
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest clientRequest, Request proxyRequest)
    {
        super.copyRequestHeaders(clientRequest, proxyRequest);
        if (clientRequest.getAttribute(BODY) != null)
            proxyRequest.headers(headers -> headers.remove(HttpHeader.EXPECT));
    }

    /** A node that is stopping refused the request before the application saw it: the next node gets it. */
    @Override
    protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                           Response serverResponse)
    {
        if (serverResponse.getStatus() == HttpServletResponse.SC_SERVICE_UNAVAILABLE
            && serverResponse.getHeaders().contains(GracefulStop.STOPPING_HEADER))
        {
            serverResponse.abort(new NodeStoppingException());
            return;
        }
        super.onServerResponseHeaders(clientRequest, proxyResponse, serverResponse);
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest request, HttpServletResponse response,
                                          Response proxyResponse, Throwable failure)
    {
        URI failed = proxyResponse.getRequest().getURI();
        if (!(failure instanceof TimeoutException))
            holdOff(origin(failed));
        URI next = response.isCommitted() || !resendable(request, failure) ? null : nextMember(request, failed);
        if (next == null)
        {
            super.onProxyResponseFailure(request, response, proxyResponse, failure);
            return;
        }
        _log.debug("{} could not be delivered to {} ({}); trying {}", request.getRequestURI(), origin(failed),
            failure.toString(), next);
        response.reset();
        resend(request, response, next.resolve(pathAndQuery(failed)));
    }

    private boolean resendable(HttpServletRequest request, Throwable failure)
    {
        boolean bodyReplayable = request.getContentLengthLong() <= 0 || request.getAttribute(BODY) != null;
        if (!bodyReplayable)
            return false;
        if (neverDelivered(failure))
            return true;
        String method = request.getMethod();
        return (method.equals("GET") || method.equals("HEAD")) && !(failure instanceof TimeoutException);
    }

    private static boolean neverDelivered(Throwable failure)
    {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause())
        {
            if (t instanceof ConnectException || t instanceof NodeStoppingException)
                return true;
        }
        return false;
    }

    /** The node answered "stopping, not processed" ({@link GracefulStop}). */
    private static final class NodeStoppingException extends Exception
    {
        private static final long serialVersionUID = 1L;

        NodeStoppingException()
        {
            super("the node is stopping and did not process the request", null, false, false);
        }
    }

    /** The member after the one that failed, skipping members this request already tried; null if none is left. */
    private URI nextMember(HttpServletRequest request, URI failed)
    {
        @SuppressWarnings("unchecked")
        Set<URI> tried = (Set<URI>)request.getAttribute(TRIED);
        if (tried == null)
        {
            tried = new HashSet<>();
            request.setAttribute(TRIED, tried);
        }
        URI failedOrigin = origin(failed);
        tried.add(failedOrigin);
        int start = Math.max(0, members.indexOf(failedOrigin));
        for (int i = 1; i <= members.size(); i++)
        {
            URI candidate = members.get((start + i) % members.size());
            if (!tried.contains(candidate))
                return candidate;
        }
        return null;
    }

    private static URI origin(URI uri)
    {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    private void resend(HttpServletRequest request, HttpServletResponse response, URI target)
    {
        Request proxyRequest = newProxyRequest(request, target.toString());
        copyRequestHeaders(request, proxyRequest);
        addProxyHeaders(request, proxyRequest);
        proxyRequest.timeout(getTimeout(), TimeUnit.MILLISECONDS);
        byte[] body = (byte[])request.getAttribute(BODY);
        if (body != null)
            proxyRequest.body(new BytesRequestContent(request.getContentType(), body));
        sendProxyRequest(request, response, proxyRequest);
    }
}
