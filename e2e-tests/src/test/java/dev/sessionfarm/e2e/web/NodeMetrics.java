package dev.sessionfarm.e2e.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a node's {@code /metrics} (Prometheus text) and adds up the samples of one meter. */
public final class NodeMetrics
{
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    private NodeMetrics()
    {
    }

    /**
     * The sum of every sample of {@code meter} whose labels contain all of {@code labels} (e.g. {@code op="load"}).
     * A meter a node has not registered yet counts as 0.
     */
    public static double sum(URI node, String meter, String... labels)
    {
        String text = scrape(node);
        double sum = 0;
        for (String line : text.split("\n"))
        {
            if (!line.startsWith(meter + "{") && !line.startsWith(meter + " "))
                continue;
            boolean matches = true;
            for (String label : labels)
                matches &= line.contains(label);
            if (matches)
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    private static String scrape(URI node)
    {
        try
        {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(node.resolve("/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200)
                throw new IllegalStateException(node + "metrics answered " + response.statusCode());
            return response.body();
        }
        catch (IOException e)
        {
            throw new IllegalStateException("Cannot read " + node + "metrics", e);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
