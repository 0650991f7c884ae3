package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.ToDoubleFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code --http-port}: what probes and Prometheus ask for, over plain HTTP on the server's --bind address.
 * {@code /health/live} answers while the process serves; {@code /health/ready} answers 503 with the reason while
 * the server should get no traffic (stopping, or a log it cannot write); {@code /metrics} is the STATS counters in
 * Prometheus text. Nothing here changes state or shows a session, so it needs no key.
 */
final class OperatorHttp implements AutoCloseable
{
    /** STATS values that only grow: counters in Prometheus; every other value is a gauge. */
    private static final Set<String> COUNTERS = Set.of("ops.total", "connections.total", "connections.refused",
        "auth.failures", "refusals", "errors.protocol", "expired.removed");

    private final HttpServer http;

    private OperatorHttp(HttpServer http)
    {
        this.http = http;
    }

    static OperatorHttp start(StateServer server, String bind, int port) throws IOException
    {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RequestHandler handler = server.handler();
        for (String name : handler.statsValues().keySet())
        {
            ToDoubleFunction<RequestHandler> value = h -> h.statsValues().getOrDefault(name, 0L);
            if (COUNTERS.contains(name) || (name.startsWith("ops.") && !name.equals("ops.per_second")))
            {
                FunctionCounter.builder("stateserver." + name, handler, value).register(registry);
            }
            else
            {
                Gauge.builder("stateserver." + name, handler, value).register(registry);
            }
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 16);
        http.setExecutor(Executors.newSingleThreadExecutor(runnable ->
        {
            Thread thread = new Thread(runnable, "state-operator-http");
            thread.setDaemon(true);
            return thread;
        }));
        http.createContext("/", exchange -> answer(exchange, 404, "not found: try /health/live, /health/ready or"
            + " /metrics\n"));
        http.createContext("/health/live", exchange -> answer(exchange, 200, "live\n"));
        http.createContext("/health/ready", exchange ->
        {
            String reason = server.notReadyReason();
            answer(exchange, reason == null ? 200 : 503, reason == null ? "ready\n" : "not ready: " + reason + "\n");
        });
        http.createContext("/metrics", exchange -> answer(exchange, 200, registry.scrape()));
        http.start();
        return new OperatorHttp(http);
    }

    int port()
    {
        return http.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException
    {
        try (exchange)
        {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!path.equals(exchange.getHttpContext().getPath()) && status != 404)
            {
                status = 404;
                body = "not found\n";
            }
            else if (!method.equals("GET") && !method.equals("HEAD"))
            {
                status = 405;
                body = "GET only\n";
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head)
            {
                try (OutputStream out = exchange.getResponseBody())
                {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close()
    {
        http.stop(0);
    }
}
