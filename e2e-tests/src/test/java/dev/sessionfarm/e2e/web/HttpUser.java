package dev.sessionfarm.e2e.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * What one person's browser does, minus the rendering: keeps the session cookie, sends forms, and does not follow
 * redirects by itself, so that each step's answer can be checked. It talks to one address (the balancer) unless
 * told to ask a particular node. Failures to connect come back as a {@link Reply} with status -1, not as
 * exceptions, because for these tests they are observations.
 */
public final class HttpUser
{
    public static final String COOKIE = "JSESSIONID";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** One client for every simulated person: each sends its own cookie, so they share nothing but connections. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newCachedThreadPool(r ->
        {
            Thread thread = new Thread(r, "e2e-http");
            thread.setDaemon(true);
            return thread;
        })).build();

    private final URI base;
    private volatile String sessionId;
    private volatile String sessionOfLastRequest;

    public HttpUser(URI base)
    {
        this.base = base;
    }

    public Reply get(String path)
    {
        return send("GET", path, base, HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** The same person's request sent to one particular node, as a balancer would route it. */
    public Reply getFrom(URI node, String path)
    {
        return send("GET", path, node, HttpRequest.newBuilder(node.resolve(path)).GET());
    }

    public Reply post(String path, Map<String, List<String>> form)
    {
        return send("POST", path, base, HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    /** The same person's form sent to one particular node, as a balancer would route it. */
    public Reply postTo(URI node, String path, Map<String, List<String>> form)
    {
        return send("POST", path, node, HttpRequest.newBuilder(node.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    public static String encode(Map<String, List<String>> form)
    {
        StringBuilder body = new StringBuilder();
        form.forEach((name, values) ->
        {
            for (String value : values)
            {
                if (body.length() > 0)
                    body.append('&');
                body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return body.toString();
    }

    private Reply send(String method, String path, URI target, HttpRequest.Builder request)
    {
        String cookie = sessionId;
        if (cookie != null)
            request.header("Cookie", COOKIE + "=" + cookie);
        long start = System.nanoTime();
        try
        {
            HttpResponse<String> response =
                HTTP.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            long end = System.nanoTime();
            response.headers().allValues("Set-Cookie").forEach(this::remember);
            sessionOfLastRequest = cookie != null ? cookie : sessionId;
            return new Reply(method, path, response.statusCode(), response.body(),
                response.headers().firstValue("Location").orElse(null),
                response.headers().firstValue("X-Node").orElse(""), start, end);
        }
        catch (IOException e)
        {
            return new Reply(method, path, -1, target + ": " + e, null, "", start, System.nanoTime());
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void remember(String setCookie)
    {
        if (!setCookie.startsWith(COOKIE + "="))
            return;
        int end = setCookie.indexOf(';');
        String value = setCookie.substring(COOKIE.length() + 1, end < 0 ? setCookie.length() : end);
        boolean deleted = value.isEmpty() || setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
        sessionId = deleted ? null : value;
    }

    /** The session cookie's value (id and node suffix), or null. */
    public String sessionId()
    {
        return sessionId;
    }

    /**
     * The session the last request was for: the cookie it sent, or without one the cookie its answer set (a new
     * session); null if neither. After a rename the answer's cookie is already the new id; this is the old one.
     */
    public String sessionOfLastRequest()
    {
        return sessionOfLastRequest;
    }

    /** Sends this cookie from now on, as a browser that kept an old one would. */
    public void useSessionId(String id)
    {
        sessionId = id;
    }

    public URI base()
    {
        return base;
    }
}
