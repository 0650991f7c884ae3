package dev.sessionfarm.webapp.farm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import dev.sessionfarm.webapp.web.Csrf;
import dev.sessionfarm.webapp.web.Footer;
import dev.sessionfarm.webapp.web.Pages;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.util.ajax.JSON;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The farm console, {@code /_farm/}: each node's state, pid, uptime and requests served, with buttons to restart
 * one node or all of them (rolling). Answered only to this machine. Its forms carry a token made when the launcher
 * started: a page of another site cannot read it, so it cannot make the browser press these buttons.
 */
final class FarmConsole extends HttpServlet
{
    private static final long serialVersionUID = 1L;
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

    private final transient Farm farm;
    private final String token;
    private final transient TemplateEngine templates = Pages.newEngine();
    private final transient HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();

    FarmConsole(Farm farm)
    {
        this.farm = farm;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** What the console shows of one node. */
    public record NodeView(String name, String url, String state, long pid, String uptime, String requests,
        String health)
    {
    }

    /** One store of a partitioned farm: its address and its session count as a running node reports it. */
    public record PartitionView(String name, String sessions)
    {
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        if (!InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress())
        {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "The farm console answers this machine only");
            return;
        }
        // A page of another site whose name resolves to 127.0.0.1 (DNS rebinding), or a proxy on this machine,
        // passes the address check: the name the browser asked for, and where a POST came from, tell them apart.
        String origin = request.getHeader("Origin");
        if (!isLoopbackName(request.getServerName())
            || (origin != null && !isLoopbackOrigin(origin)))
        {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "The farm console answers only to localhost, "
                + "127.0.0.1 or [::1], asked by its own pages");
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (request.getMethod().equals("GET") && path.equals("/"))
            render(response, HttpServletResponse.SC_OK, null);
        else if (request.getMethod().equals("POST") && path.equals("/restart"))
            restart(request, response);
        else if (request.getMethod().equals("GET"))
            seeOther(response);
        else
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
    }

    private void restart(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        String given = Csrf.posted(request);
        if (given == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
            given.getBytes(StandardCharsets.UTF_8)))
        {
            render(response, HttpServletResponse.SC_FORBIDDEN, "That button press was refused: its security token "
                + "does not match this farm. Reload this page and press the button again.");
            return;
        }
        String which = request.getParameter("node");
        if ("all".equals(which))
            farm.restartAll();
        else
            farm.nodes().stream().filter(n -> n.name().equals(which)).findFirst().ifPresent(farm::restart);
        seeOther(response);
    }

    private static void seeOther(HttpServletResponse response)
    {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", "/_farm/");
    }

    private void render(HttpServletResponse response, int status, String error) throws IOException
    {
        List<Map<String, Object>> healths = healths();
        List<NodeView> nodes = nodeViews(healths);
        Map<String, Object> model = new HashMap<>();
        model.put("nodes", nodes);
        model.put("mode", farm.settings().mode());
        model.put("sticky", farm.settings().mode().equals("memory"));
        model.put("stateServers", farm.stateServerAddresses());
        model.put("databases", farm.databaseDescriptions());
        model.put("partitions", partitionViews(healths));
        model.put("csrf", token);
        model.put("error", error);
        model.put("busy", nodes.stream().anyMatch(n -> !n.state().equals("running")));
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        templates.process("farm/console", new Context(Locale.ENGLISH, model), response.getWriter());
    }

    /** Each node's health, in node order; the running ones are asked all at once, briefly. */
    private List<Map<String, Object>> healths()
    {
        List<CompletableFuture<Map<String, Object>>> asked = new ArrayList<>();
        for (FarmNode node : farm.nodes())
            asked.add(
                node.state() == FarmNode.State.RUNNING ? health(node) : CompletableFuture.completedFuture(Map.of()));
        return asked.stream().map(CompletableFuture::join).toList();
    }

    private List<NodeView> nodeViews(List<Map<String, Object>> healths)
    {
        List<NodeView> views = new ArrayList<>();
        for (int i = 0; i < farm.nodes().size(); i++)
        {
            FarmNode node = farm.nodes().get(i);
            Map<String, Object> health = healths.get(i);
            views.add(new NodeView(node.name(), node.url(), node.state().name().toLowerCase(Locale.ROOT), node.pid(),
                uptime(node.uptime()), String.valueOf(health.getOrDefault("requests", "-")),
                String.valueOf(health.getOrDefault("status", "-"))));
        }
        return views;
    }

    /** Sessions per partition as the first node that answered counts them; empty without partitions. */
    @SuppressWarnings("unchecked")
    private static List<PartitionView> partitionViews(List<Map<String, Object>> healths)
    {
        return healths.stream().filter(h -> h.get("partitions") instanceof Map).findFirst()
            .map(h -> ((Map<String, Object>)h.get("partitions")).entrySet().stream()
                .map(p -> new PartitionView(p.getKey(), String.valueOf(p.getValue()))).toList())
            .orElse(List.of());
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Map<String, Object>> health(FarmNode node)
    {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(node.url() + "/health")).timeout(HEALTH_TIMEOUT).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
            .thenApply(reply -> (Map<String, Object>)new JSON().fromJSON(reply.body()))
            .exceptionally(failure -> Map.of("status", "not answering"));
    }

    private static boolean isLoopbackOrigin(String origin)
    {
        try
        {
            return origin.startsWith("http://") && isLoopbackName(URI.create(origin).getHost());
        }
        catch (IllegalArgumentException malformed)
        {
            return false;
        }
    }

    /** Without a name lookup: a name that resolves to this machine is exactly what must not pass. */
    static boolean isLoopbackName(String host)
    {
        if (host == null)
            return false;
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return name.equalsIgnoreCase("localhost") || name.equals("::1") || LOOPBACK_V4.matcher(name).matches();
    }

    private static String uptime(Duration uptime)
    {
        return uptime.isZero() ? "-" : Footer.describe(uptime);
    }
}
