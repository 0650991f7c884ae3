package dev.sessionfarm.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A browser's view of one session: it sends the session cookie to whichever node it calls (as a round-robin
 * balancer does) and keeps the cookie a node sets. Several clients may share one session with {@link #sharing}.
 */
public final class SessionClient
{
    public static final String COOKIE = "JSESSIONID";

    public record Reply(int status, String body, String node, Optional<String> setCookie)
    {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private volatile String cookie;

    public static SessionClient sharing(SessionClient other)
    {
        SessionClient client = new SessionClient();
        client.cookie = other.cookie;
        return client;
    }

    public Reply get(URI uri) throws IOException, InterruptedException
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        String current = cookie;
        if (current != null)
            request.header("Cookie", COOKIE + "=" + current);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Optional<String> set = response.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(COOKIE + "="))
            .map(c -> c.substring(COOKIE.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
            .reduce((first, last) -> last); // a browser applies them in order: the last one wins
        set.ifPresent(value -> cookie = value.isEmpty() ? null : value);
        return new Reply(response.statusCode(), response.body(), response.headers().firstValue("X-Node").orElse(""),
            set);
    }

    /** The body of a 200 reply; anything else fails with the status and body. */
    public String ok(URI uri) throws IOException, InterruptedException
    {
        Reply reply = get(uri);
        if (reply.status() != 200)
            throw new AssertionError("GET " + uri + " answered " + reply.status() + ": " + reply.body());
        return reply.body();
    }

    public String cookie()
    {
        return cookie;
    }
}
