package dev.sessionfarm.session.ee10;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

import dev.sessionfarm.session.SessionStoreProvider;
import dev.sessionfarm.session.StoreContext;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.jetty.CloseOnStop;
import dev.sessionfarm.session.jetty.FarmSessionCache;
import dev.sessionfarm.session.store.TrackedSessionData;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.eclipse.jetty.session.HouseKeeper;
import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionIdManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one call that gives a Jetty servlet context the configured session mode:
 * <pre>{@code
 * SessionState.configure(SessionSettings.load(flags, System.getenv()))
 *     .allow(Order.class, SurveyAnswers.class)
 *     .install(server, context);
 * }</pre>
 * {@code memory}: Jetty's own in-heap sessions. Any other mode: the store of the {@link SessionStoreProvider} for
 * that mode, behind one session object per id on each node that every request validates against the store (no
 * node-local copy goes stale), saved as deltas before the response commits.
 */
public final class SessionState
{
    private static final Logger LOG = LoggerFactory.getLogger(SessionState.class);

    private final SessionSettings config;
    private final SessionCodec.Builder codec;
    private MeterRegistry meters = new SimpleMeterRegistry();

    private SessionState(SessionSettings config)
    {
        this.config = config;
        this.codec = SessionCodec.configuredBy(config);
    }

    public static SessionState configure(SessionSettings config)
    {
        return new SessionState(config);
    }

    /** Application classes that may be stored in sessions (in addition to {@code session.allowedClasses}). */
    public SessionState allow(Class<?>... types)
    {
        codec.allow(types);
        return this;
    }

    /** Where the stores' meters go (operation latency, session sizes, conflicts). */
    public SessionState meterRegistry(MeterRegistry registry)
    {
        this.meters = registry;
        return this;
    }

    /** What was installed. {@code store} is null in memory mode. */
    public record Installed(String mode, SessionHandler handler, SessionDataStore store, SessionCodec codec)
    {
    }

    /** Installs the session handler into {@code context}, which must already belong to {@code server}. */
    public Installed install(Server server, ServletContextHandler context) throws Exception
    {
        SessionCodec built = codec.build();
        SessionIdManager ids = sessionIdManager(server);
        if (config.isMemory())
        {
            SessionHandler handler = new SessionHandler();
            applyCookiePolicy(handler, config);
            handler.setSessionIdManager(ids);
            setSessionHandler(context, handler);
            LOG.info("Sessions: memory mode; they live in this node's heap and are lost when it stops");
            return new Installed(config.mode(), handler, null, built);
        }
        SessionStoreProvider provider = provider(config.mode());
        List<AutoCloseable> resources = new ArrayList<>();
        SessionDataStore store = provider.create(new StoreContext(config, built, meters, resources::add));
        server.addEventListener(new CloseOnStop(resources));

        FarmSessionHandler handler = new FarmSessionHandler();
        applyCookiePolicy(handler, config);
        handler.setSessionIdManager(ids);
        FarmSessionCache cache = new FarmSessionCache(handler);
        cache.setSessionDataStore(store);
        handler.setSessionCache(cache);
        setSessionHandler(context, handler);
        context.addFilter(new FilterHolder(new SessionFlushFilter(handler)), "/*",
            EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        LOG.info("Sessions: {} mode, timeout {}, node {}", config.mode(), config.timeout(), config.workerName());
        return new Installed(config.mode(), handler, store, built);
    }

    /** Session listeners the application added to the context before this call follow it to the new handler. */
    private static void setSessionHandler(ServletContextHandler context, SessionHandler handler)
    {
        for (EventListener listener : context.getEventListeners())
        {
            if (listener instanceof HttpSessionListener || listener instanceof HttpSessionAttributeListener
                || listener instanceof HttpSessionIdListener)
                handler.addEventListener(listener);
        }
        context.setSessionHandler(handler);
    }

    /** The session timeout, and cookies that scripts cannot read and other sites do not get on POSTs. */
    public static void applyCookiePolicy(SessionHandler handler, SessionSettings config)
    {
        handler.setMaxInactiveInterval((int)Math.min(Integer.MAX_VALUE, config.timeout().toSeconds()));
        handler.setHttpOnly(true);
        handler.setSameSite(HttpCookie.SameSite.LAX);
    }

    /** One id manager per server: it names this node and runs the scavenger that ends expired sessions. */
    private SessionIdManager sessionIdManager(Server server) throws Exception
    {
        SessionIdManager existing = server.getBean(SessionIdManager.class);
        if (existing != null)
            return existing;
        DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
        ids.setWorkerName(config.workerName());
        HouseKeeper houseKeeper = new HouseKeeper();
        houseKeeper.setIntervalSec(Math.max(1, config.scavengeInterval().toSeconds()));
        ids.setSessionHouseKeeper(houseKeeper);
        server.addBean(ids, true);
        return ids;
    }

    static SessionStoreProvider provider(String mode)
    {
        TreeSet<String> known = new TreeSet<>(List.of(SessionSettings.MEMORY));
        for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class))
        {
            if (provider.mode().equals(mode))
                return provider;
            known.add(provider.mode());
        }
        throw new ConfigException(SessionSetting.MODE.key() + " (" + SessionSetting.MODE.environmentVariable()
            + ", --" + SessionSetting.MODE.flag() + "): '" + mode + "' is not a known mode; expected one of " + known
            + ". A custom mode needs its SessionStoreProvider listed in META-INF/services.");
    }

    /** The stored version of a session: bumped by every save that changes attributes; 0 in memory mode. */
    public static long storedVersion(HttpSession session)
    {
        ManagedSession managed = SessionHandler.ServletSessionApi.getSession(session);
        return managed != null && managed.getSessionData() instanceof TrackedSessionData tracked ? tracked.version()
            : 0;
    }
}
