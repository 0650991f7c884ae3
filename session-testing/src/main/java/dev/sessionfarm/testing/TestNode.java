package dev.sessionfarm.testing;

import java.net.URI;

import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.ee10.SessionState;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.SessionDataStore;

/** One farm node in this JVM: a Jetty server on a free loopback port with the {@link ProbeServlet} and a session mode. */
public final class TestNode implements AutoCloseable
{
    private final Server server;
    private final SessionState.Installed installed;
    private final URI uri;

    private TestNode(Server server, SessionState.Installed installed, URI uri)
    {
        this.server = server;
        this.installed = installed;
        this.uri = uri;
    }

    public static TestNode start(String contextPath, SessionSettings config, SessionEndLog endLog) throws Exception
    {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(contextPath);
        server.setHandler(context);
        context.addServlet(new ServletHolder(new ProbeServlet(config.workerName())), "/probe/*");
        if (endLog != null)
            context.addEventListener(endLog.listenerFor(config.workerName()));
        SessionState.Installed installed = SessionState.configure(config).install(server, context);
        server.start();
        String path = contextPath.endsWith("/") ? contextPath : contextPath + "/";
        return new TestNode(server, installed, URI.create("http://127.0.0.1:" + connector.getLocalPort() + path));
    }

    /** The probe at {@code action}, e.g. {@code inc?name=a}. */
    public URI probe(String action)
    {
        return uri.resolve("probe/" + action);
    }

    public SessionDataStore store()
    {
        return installed.store();
    }

    public String name()
    {
        return server.getBean(org.eclipse.jetty.session.SessionIdManager.class).getWorkerName();
    }

    @Override
    public void close() throws Exception
    {
        server.stop();
    }
}
