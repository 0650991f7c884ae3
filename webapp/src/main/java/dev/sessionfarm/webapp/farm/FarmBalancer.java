package dev.sessionfarm.webapp.farm;

import java.net.URI;

import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.webapp.node.WebNode;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The farm's front door, in the launcher's process: the {@link RetryingBalancer} in front of the nodes, the farm
 * console at {@code /_farm/}, and the stylesheet (served here, so the console looks right while nodes are down).
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
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.bind());
        connector.setPort(settings.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder balancer = new ServletHolder("balancer", RetryingBalancer.class);
        balancer.setAsyncSupported(true);
        for (FarmNode node : farm.nodes())
            balancer.setInitParameter("balancerMember." + node.name() + ".proxyTo", node.url());
        // Memory mode: a session lives in one node, so its requests must go there (the id ends in ".nodeN").
        balancer.setInitParameter("stickySessions", String.valueOf(settings.mode().equals(SessionConfig.MEMORY)));
        balancer.setInitParameter("proxyPassReverse", "true");
        context.addServlet(balancer, "/*");
        context.addServlet(new ServletHolder(new FarmConsole(farm)), "/_farm/*");
        context.addServlet(WebNode.staticFiles(), "/static/*");
        server.setHandler(context);
        server.start();

        String host = settings.bind().equals("0.0.0.0") ? "127.0.0.1" : settings.bind();
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
