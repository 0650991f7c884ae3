package dev.sessionfarm.webapp.node;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import javax.sql.DataSource;

import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.ee10.SessionState;
import dev.sessionfarm.session.store.DeltaSessionDataStore;
import dev.sessionfarm.webapp.ops.HealthServlet;
import dev.sessionfarm.webapp.ops.MetricsServlet;
import dev.sessionfarm.webapp.ops.RequestMetrics;
import dev.sessionfarm.webapp.ops.SessionCounter;
import dev.sessionfarm.webapp.order.Catalog;
import dev.sessionfarm.webapp.order.OrderRepository;
import dev.sessionfarm.webapp.order.OrderServlet;
import dev.sessionfarm.webapp.resume.ContinueLater;
import dev.sessionfarm.webapp.resume.ContinueLaterSettings;
import dev.sessionfarm.webapp.resume.SavedDrafts;
import dev.sessionfarm.webapp.survey.SurveyRepository;
import dev.sessionfarm.webapp.survey.SurveyServlet;
import dev.sessionfarm.webapp.web.CsrfFilter;
import dev.sessionfarm.webapp.web.ErrorPages;
import dev.sessionfarm.webapp.web.FinalSubmitPause;
import dev.sessionfarm.webapp.web.FormSizeLimit;
import dev.sessionfarm.webapp.web.HomeServlet;
import dev.sessionfarm.webapp.web.JsonErrors;
import dev.sessionfarm.webapp.web.KeepAliveServlet;
import dev.sessionfarm.webapp.web.LocaleChoice;
import dev.sessionfarm.webapp.web.NodeInfo;
import dev.sessionfarm.webapp.web.Pages;
import dev.sessionfarm.webapp.web.SecurityHeaders;
import dev.sessionfarm.webapp.web.SessionNotice;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One farm node: the demo app in an embedded Jetty server with the configured session mode. The forms keep their
 * state only in the session, so whatever node serves the next request carries on where the last one left off.
 */
public final class WebNode implements AutoCloseable
{
    /** Forms are small; a bigger body is refused with 413 before anything reads it. */
    public static final int MAX_FORM_BYTES = 64 * 1024;

    private static final int MAX_FORM_KEYS = 200;

    private final Server server;
    private final ServerConnector connector;
    private final PrometheusMeterRegistry registry;
    private final GracefulStop graceful;

    private WebNode(Server server, ServerConnector connector, PrometheusMeterRegistry registry, GracefulStop graceful)
    {
        this.server = server;
        this.connector = connector;
        this.registry = registry;
        this.graceful = graceful;
    }

    /**
     * Starts a node on {@code bind:port} (port 0: any free port).
     *
     * @param database the demo database (catalog, orders, survey answers), already migrated
     */
    public static WebNode start(String bind, int port, SessionSettings sessions, DataSource database) throws Exception
    {
        return start(bind, port, sessions, database, FinalSubmitPause.NONE);
    }

    /** @param pause test only: holds final submits after their insert (see FinalSubmitPause) */
    public static WebNode start(String bind, int port, SessionSettings sessions, DataSource database,
                                FinalSubmitPause pause)
        throws Exception
    {
        return start(bind, port, sessions, database, pause, ContinueLaterSettings.DEFAULTS, Clock.systemUTC());
    }

    /** @param clock when "continue later" codes expire is measured by it (tests move it forward) */
    public static WebNode start(String bind, int port, SessionSettings sessions, DataSource database,
                                FinalSubmitPause pause, ContinueLaterSettings later, Clock clock)
        throws Exception
    {
        NodeInfo node = new NodeInfo(sessions.workerName(), sessions.mode(), Instant.now());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("node", node.name());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        DemoDatabase.meter(database, registry);

        Server server = new Server(new QueuedThreadPool(200, 8, 60_000));
        server.setStopTimeout(10_000);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRelativeRedirectAllowed(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.setMaxFormContentSize(MAX_FORM_BYTES);
        context.setMaxFormKeys(MAX_FORM_KEYS);
        // In-flight requests finish on stop; new ones are refused in a way the balancer retries elsewhere.
        GracefulStop graceful = new GracefulStop(context);
        server.setHandler(new ServedBy(node.name(), graceful));
        context.addEventListener(new SessionCounter(registry));
        // Filters run in the order added: these two wrap the session save that install() adds, so that its time
        // is measured too.
        addFilter(context, new SecurityHeaders(), "/*", EnumSet.of(DispatcherType.REQUEST));
        addFilter(context, new RequestMetrics(registry), "/*", EnumSet.of(DispatcherType.REQUEST));
        SessionState.Installed sessionState = SessionState.configure(sessions)
            .allow(OrderServlet.storedTypes())
            .allow(SurveyServlet.storedTypes())
            .allow(ContinueLater.storedTypes())
            .meterRegistry(registry)
            .install(server, context);
        Pages pages = new Pages(node);
        ContinueLater continueLater = new ContinueLater(pages,
            new SavedDrafts(database, sessionState.codec(), later, clock));
        OrderServlet orders = new OrderServlet(pages, new Catalog(database), new OrderRepository(database), pause,
            continueLater);
        SurveyServlet survey = new SurveyServlet(pages, new SurveyRepository(database), pause, continueLater);
        // First, so that every text made for this request, the session notice's too, is in its language.
        addFilter(context, new LocaleChoice(), "/*", EnumSet.of(DispatcherType.REQUEST));
        // Before the session notice and the CSRF check: a final submit whose session is gone is answered with what
        // it stored when its submission token finds it, and goes on to both otherwise.
        addFilter(context, orders.resubmission(), OrderServlet.FINAL_PATH, EnumSet.of(DispatcherType.REQUEST));
        addFilter(context, survey.resubmission(), SurveyServlet.FINAL_PATH, EnumSet.of(DispatcherType.REQUEST));
        // Before the session notice too, which would answer a gone session with a redirect a script cannot use.
        addFilter(context, new JsonErrors(), SurveyServlet.AUTOSAVE_PATHS, EnumSet.of(DispatcherType.REQUEST));
        addFilter(context, new JsonErrors(), OrderServlet.AUTOSAVE_PATHS, EnumSet.of(DispatcherType.REQUEST));
        addFilter(context, new JsonErrors(), KeepAliveServlet.PATH, EnumSet.of(DispatcherType.REQUEST));
        for (String formPages : new String[] {"", "/order/*", "/survey/*", ContinueLater.PATH + "/*"})
            addFilter(context, new SessionNotice(node), formPages, EnumSet.of(DispatcherType.REQUEST));
        addFilter(context, new FormSizeLimit(MAX_FORM_BYTES), "/*", EnumSet.of(DispatcherType.REQUEST));
        addFilter(context, new CsrfFilter(), "/*", EnumSet.of(DispatcherType.REQUEST));

        addServlet(context, new HomeServlet(pages), "");
        addServlet(context, orders, "/order/*");
        addServlet(context, survey, "/survey/*");
        addServlet(context, new KeepAliveServlet(), KeepAliveServlet.PATH);
        addServlet(context, continueLater, ContinueLater.PATH + "/*");
        addServlet(context, new HealthServlet(node, sessionState.store(), database, registry), "/health/*");
        addServlet(context, new MetricsServlet(registry), "/metrics");
        context.addServlet(staticFiles(), "/static/*");

        context.setErrorHandler(new ErrorPages(pages, () -> promise(sessionState)));

        server.start();
        promise(sessionState); // asked now, while the store answers: an outage page must not wait for it
        return new WebNode(server, connector, registry, graceful);
    }

    /** The stylesheet, from the class path, with caching (pages themselves are never cached). */
    public static ServletHolder staticFiles()
    {
        ServletHolder holder = new ServletHolder("static", DefaultServlet.class);
        holder.setInitParameter("baseResource", WebNode.class.getResource("/static/").toExternalForm());
        holder.setInitParameter("pathInfoOnly", "true");
        holder.setInitParameter("dirAllowed", "false");
        holder.setInitParameter("cacheControl", "max-age=3600");
        return holder;
    }

    private static void addServlet(ServletContextHandler context, Servlet servlet, String path)
    {
        context.addServlet(new ServletHolder(servlet), path);
    }

    private static void addFilter(ServletContextHandler context, Filter filter, String path,
                                  EnumSet<DispatcherType> dispatches)
    {
        context.addFilter(new FilterHolder(filter), path, dispatches);
    }

    public int port()
    {
        return connector.getLocalPort();
    }

    public URI uri()
    {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    public PrometheusMeterRegistry registry()
    {
        return registry;
    }

    public void join() throws InterruptedException
    {
        server.join();
    }

    /** How a node process stops: it drains ({@link GracefulStop#drain}) for this long, then stops gracefully. */
    public static final Duration DRAIN = Duration.ofSeconds(1);

    /** Stops as a node of a farm should: drains, then lets requests in flight finish. */
    public void stopGracefully() throws Exception
    {
        graceful.drain(DRAIN);
        server.stop();
    }

    @Override
    public void close() throws Exception
    {
        server.stop();
    }

    /** What a page may promise about answers already saved, in this node's mode; asked of the store once it answers. */
    private static String promise(SessionState.Installed sessions)
    {
        if (sessions.mode().equals(SessionSettings.MEMORY))
            return "Answers you already saved are kept by this server while it runs.";
        return sessions.store() instanceof DeltaSessionDataStore store ? store.durability().promise() : "";
    }
}
