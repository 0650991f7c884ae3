package dev.sessionfarm.webapp.farm;

import java.net.URI;
import java.util.Map;

import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.webapp.node.WebNode;
import jakarta.servlet.Servlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The farm's front door: the {@link RetryingBalancer} in front of the nodes and the stylesheet (served here, so
 * pages look right while nodes are down). In the farm launcher's process it also serves the farm console at
 * {@code /_farm/}; the {@code balancer} command runs it alone, as a process of its own.
 */
final class FarmBalancer
{
    private static final Logger LOG = LoggerFactory.getLogger(FarmBalancer.class);

    private final Server server;
    private final URI uri;

    private FarmBalancer(Server server, URI uri)
    {
        this.server = server;
        this.uri = uri;
    }

    static FarmBalancer start(Farm farm, FarmSettings settings) throws Exception
    {
        Map<String, String> members = new java.util.LinkedHashMap<>();
        for (FarmNode node : farm.nodes())
            members.put(node.name(), node.url());
        // Memory mode: a session lives in one node, so its requests must go there (the id ends in ".nodeN").
        return start(settings.bind(), settings.port(), members, settings.mode().equals(SessionSettings.MEMORY),
            new FarmConsole(farm));
    }

    /**
     * @param members node name (the nodes' worker name, which sticky routing matches) to base URL
     * @param console served at {@code /_farm/}; null for none
     */
    static FarmBalancer start(String bind, int port, Map<String, String> members, boolean sticky, Servlet console)
        throws Exception
    {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder balancer = new ServletHolder("balancer", RetryingBalancer.class);
        balancer.setAsyncSupported(true);
        members.forEach((name, url) -> balancer.setInitParameter("balancerMember." + name + ".proxyTo", url));
        balancer.setInitParameter("stickySessions", String.valueOf(sticky));
        balancer.setInitParameter("proxyPassReverse", "true");
        balancer.setInitParameter("idleTimeout", String.valueOf(RetryingBalancer.IDLE_CONNECTION_TIMEOUT.toMillis()));
        context.addServlet(balancer, "/*");
        if (console != null)
            context.addServlet(new ServletHolder(console), "/_farm/*");
        context.addServlet(WebNode.staticFiles(), "/static/*");
        server.setHandler(context);
        server.start();

        String host = bind.equals("0.0.0.0") ? "127.0.0.1" : bind;
        return new FarmBalancer(server, URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
            + connector.getLocalPort() + "/"));
    }

    URI uri()
    {
        return uri;
    }

    void stop()
    {
        try
        {
            server.stop();
        }
        catch (Exception e)
        {
            LOG.warn("Stopping the balancer failed", e);
        }
    }

    void join() throws InterruptedException
    {
        server.join();
    }
}
