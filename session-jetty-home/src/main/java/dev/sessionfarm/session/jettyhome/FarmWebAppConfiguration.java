package dev.sessionfarm.session.jettyhome;

import java.util.EnumSet;

import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.ee10.FarmSessionHandler;
import dev.sessionfarm.session.ee10.SessionFlushFilter;
import dev.sessionfarm.session.ee10.SessionState;
import dev.sessionfarm.session.jetty.FarmSessionCache;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.webapp.AbstractConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.SessionCacheFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every deployed ee10 webapp our session handler and flush filter, as {@code SessionState.install} does for an
 * embedded node. Jetty finds it through {@link java.util.ServiceLoader} on the ee10 environment's class path (the
 * {@code session-farm} module puts it there) and applies it to every {@link WebAppContext}, as it does its own
 * configurations. Without it a store outage would be taken for "no such session" and hand the person a fresh one,
 * and a failed save would be only logged while the page said "saved".
 * <p>
 * It acts only where a session-farm store module is enabled (a {@link FarmSessionDataStoreFactory} bean is on the
 * server), so the jar does nothing in a jetty-base that merely has it on its class path.
 */
public class FarmWebAppConfiguration extends AbstractConfiguration
{
    private static final Logger LOG = LoggerFactory.getLogger(FarmWebAppConfiguration.class);

    public FarmWebAppConfiguration()
    {
        super(new Builder().enabledByDefault(true));
    }

    /**
     * Before the descriptors are read, so that web.xml's {@code <session-config>} (timeout, cookie) applies to our
     * handler, and before any listener is added, so none is left on the handler this one replaces.
     */
    @Override
    public void preConfigure(WebAppContext context) throws Exception
    {
        Server server = context.getServer();
        FarmSessionDataStoreFactory stores = server == null ? null : server.getBean(FarmSessionDataStoreFactory.class);
        if (stores == null)
            return;
        if (!(server.getBean(SessionCacheFactory.class) instanceof FarmSessionCacheFactory))
            LOG.warn("{}: the session cache is not session-farm's; another node's changes may be served stale. "
                + "Enable the session-farm module instead of another session-cache module.", context);
        SessionSettings config = stores.config();
        FarmSessionHandler handler = new FarmSessionHandler();
        // Jetty's default is never to expire; web.xml's session-timeout, if any, still wins.
        SessionState.applyCookiePolicy(handler, config);
        context.setSessionHandler(handler);
        // Added before web.xml's filters, so it is the outermost: it saves once all of them are done.
        context.addFilter(new FilterHolder(new SessionFlushFilter(handler)), "/*",
            EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    }

    @Override
    public void postConfigure(WebAppContext context) throws Exception
    {
        if (context.getSessionHandler() instanceof FarmSessionHandler handler
            && !(handler.getSessionCache() instanceof FarmSessionCache))
            LOG.warn("{}: session cache {} is not session-farm's", context, handler.getSessionCache());
    }
}
