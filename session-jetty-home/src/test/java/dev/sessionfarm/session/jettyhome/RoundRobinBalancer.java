package dev.sessionfarm.session.jettyhome;

import java.util.List;

import org.eclipse.jetty.ee10.proxy.BalancerServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty's BalancerServlet, round-robin and not sticky, in front of the jetty-home servers. */
final class RoundRobinBalancer implements AutoCloseable
{
    private final Server server = new Server();

    RoundRobinBalancer(List<String> members) throws Exception
    {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder balancer = new ServletHolder(BalancerServlet.class);
        balancer.setInitParameter("stickySessions", "false");
        balancer.setInitParameter("proxyPassReverse", "true");
        for (int i = 0; i < members.size(); i++)
            balancer.setInitParameter("balancerMember.m" + i + ".proxyTo", members.get(i));
        context.addServlet(balancer, "/*");
        server.setHandler(context);
        server.start();
    }

    String url()
    {
        return "http://127.0.0.1:" + ((ServerConnector)server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() throws Exception
    {
        server.stop();
    }
}
