package dev.sessionfarm.webapp.ops;

import java.io.IOException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpException;

/** Times every request this node serves ({@code http_server_requests_seconds}), by method and status. */
public final class RequestMetrics extends HttpFilter
{
    private static final long serialVersionUID = 1L;
    static final String METER = "http.server.requests";

    private final transient MeterRegistry registry;

    public RequestMetrics(MeterRegistry registry)
    {
        this.registry = registry;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException
    {
        long start = System.nanoTime();
        int status = 500;
        try
        {
            chain.doFilter(request, response);
            status = response.getStatus();
        }
        catch (IOException | ServletException | RuntimeException e)
        {
            HttpException http = HttpException.asHttpException(e);
            status = http == null ? 500 : http.getCode();
            throw e;
        }
        finally
        {
            Timer.builder(METER)
                .description("Requests served by this node")
                .tags("method", method(request), "status", String.valueOf(status))
                .register(registry)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Methods outside the usual few are counted together, so no client can make up new time series. */
    private static String method(HttpServletRequest request)
    {
        return switch (request.getMethod())
        {
            case "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS" -> request.getMethod();
            default -> "OTHER";
        };
    }

    /** How many requests this node has served since it started. */
    public static long served(MeterRegistry registry)
    {
        return registry.find(METER).timers().stream().mapToLong(Timer::count).sum();
    }
}
