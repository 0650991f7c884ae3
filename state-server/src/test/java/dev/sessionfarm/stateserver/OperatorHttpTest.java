package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.process.Ports;
import org.junit.jupiter.api.Test;

import static dev.sessionfarm.stateserver.Sessions.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --http-port}: liveness, readiness and Prometheus metrics of a real server process, over real HTTP. */
class OperatorHttpTest
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void probesAndMetricsAnswerAndTheMetricsCountWhatHappened() throws Exception
    {
        int httpPort = Ports.free();
        try (StateServerFixture server = StateServerFixture.create(true, "--http-port", String.valueOf(httpPort)))
        {
            server.start();
            URI base = URI.create("http://127.0.0.1:" + httpPort);
            assertEquals("200 live\n", get(base.resolve("/health/live")));
            assertEquals("200 ready\n", get(base.resolve("/health/ready")));
            String scope = Sessions.uniqueScope();
            for (int i = 0; i < 3; i++)
            {
                server.client().save(SaveRequest.replace(scope, "s" + i, 0, metadata(1_000, 0),
                    Map.of("v", "x".getBytes(StandardCharsets.UTF_8))));
            }
            String metrics = get(base.resolve("/metrics"));
            assertTrue(metrics.startsWith("200 "), metrics);
            assertTrue(value(metrics, "stateserver_sessions_active") >= 3, metrics);
            assertTrue(value(metrics, "stateserver_ops_save_total") >= 3, metrics);
            assertTrue(metrics.contains("# TYPE stateserver_ops_save_total counter"), metrics);
            assertTrue(metrics.contains("stateserver_persistence_durability"), metrics);
            assertTrue(get(base.resolve("/health/liveness")).startsWith("404 "));
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(base.resolve("/health/ready"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }

    /** For DiskFullTest too: "status body". */
    static String get(URI uri) throws IOException, InterruptedException
    {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(),
            HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static double value(String metrics, String name)
    {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        assertTrue(m.find(), () -> name + " missing in:\n" + metrics);
        return Double.parseDouble(m.group(1));
    }
}
