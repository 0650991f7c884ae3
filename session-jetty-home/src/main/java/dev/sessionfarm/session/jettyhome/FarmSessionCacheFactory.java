package dev.sessionfarm.session.jettyhome;

import dev.sessionfarm.session.jetty.FarmSessionCache;
import org.eclipse.jetty.session.SessionCache;
import org.eclipse.jetty.session.SessionCacheFactory;
import org.eclipse.jetty.session.SessionManager;

/**
 * The jetty-home {@code SessionCacheFactory} bean of the {@code session-farm} module: every context gets our node
 * cache, which validates its sessions against the store on each request. Jetty's {@code DefaultSessionCache} would
 * trust its copy and serve another node's stale one.
 */
public class FarmSessionCacheFactory implements SessionCacheFactory
{
    @Override
    public SessionCache getSessionCache(SessionManager manager)
    {
        return new FarmSessionCache(manager);
    }
}
