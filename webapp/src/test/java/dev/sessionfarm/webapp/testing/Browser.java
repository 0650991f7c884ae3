package dev.sessionfarm.webapp.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person's browser does, minus the rendering: keeps cookies, sends forms with the CSRF token of the last
 * page it was shown, and does not follow redirects by itself, so tests can check each one.
 */
public final class Browser
{
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
    private static final Pattern NODE = Pattern.compile("class=\"node\">([^<]*)<");
    private static final Pattern HIDDEN =
        Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"");

    private URI base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String csrf;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public Browser(URI base)
    {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** From now on, talks to this server (the same host's cookies apply: they ignore the port). */
    public Browser at(URI server)
    {
        this.base = server;
        return this;
    }

    public record Page(int status, String body, String location)
    {
        public String node()
        {
            Matcher m = NODE.matcher(body);
            return m.find() ? m.group(1) : "";
        }

        /** The value of the page's hidden form field {@code name}, or "" if it has none. */
        public String hidden(String name)
        {
            Matcher m = HIDDEN.matcher(body);
            while (m.find())
            {
                if (m.group(1).equals(name))
                    return m.group(2);
            }
            return "";
        }

        @Override
        public String toString()
        {
            return status + (location == null ? "" : " -> " + location) + "\n" + body;
        }
    }

    public Page get(String path) throws IOException, InterruptedException
    {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** Follows redirects the way a browser does after a form: GET the Location until a page answers. */
    public Page open(String path) throws IOException, InterruptedException
    {
        Page page = get(path);
        for (int hops = 0; page.location() != null && hops < 10; hops++)
            page = get(page.location());
        return page;
    }

    /** Posts the fields (name, value, name, value, ...) with the CSRF token of the last page shown. */
    public Page post(String path, String... fields) throws IOException, InterruptedException
    {
        List<String> all = new ArrayList<>(List.of(fields));
        if (csrf != null)
        {
            all.add("csrf");
            all.add(csrf);
        }
        return postRaw(path, form(all.toArray(new String[0])));
    }

    /** Posts exactly this body, token or not. */
    public Page postRaw(String path, String body) throws IOException, InterruptedException
    {
        return send(HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts, then follows the redirect (if any) like a browser. */
    public Page submit(String path, String... fields) throws IOException, InterruptedException
    {
        Page page = post(path, fields);
        return page.location() == null ? page : open(page.location());
    }

    public static String form(String... fields)
    {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < fields.length; i += 2)
        {
            if (body.length() > 0)
                body.append('&');
            body.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    /** From now on, sends {@code X-Forwarded-For: address}, as a balancer in front of the node would add it. */
    public Browser forwardedFor(String address)
    {
        return header("X-Forwarded-For", address);
    }

    /** From now on, sends this header with every request (e.g. Accept-Language). */
    public Browser header(String name, String value)
    {
        headers.put(name, value);
        return this;
    }

    private Page send(HttpRequest.Builder request) throws IOException, InterruptedException
    {
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(response.body());
        if (m.find())
            csrf = m.group(1);
        return new Page(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(null));
    }

    /** Another browser with a copy of this one's cookie jar and last CSRF token, as a person copying a profile has. */
    public Browser copy()
    {
        Browser copy = new Browser(base);
        for (HttpCookie cookie : cookies.getCookieStore().getCookies())
            copy.cookies.getCookieStore().add(base, (HttpCookie)cookie.clone());
        copy.csrf = csrf;
        return copy;
    }

    public String csrf()
    {
        return csrf;
    }

    /** The session cookie's value, or null. */
    public String sessionId()
    {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
            .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    /** Sends this session cookie from now on, as a browser that kept an old cookie would. */
    public void useSessionId(String id)
    {
        HttpCookie cookie = new HttpCookie("JSESSIONID", id);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().removeAll();
        cookies.getCookieStore().add(base, cookie);
    }
}
