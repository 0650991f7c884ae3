package dev.sessionfarm.session.jetty;

import java.util.List;

import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes a store's resources (its pool, its client) when the server or context it was added to stops. */
public record CloseOnStop(List<AutoCloseable> resources) implements LifeCycle.Listener
{
    private static final Logger LOG = LoggerFactory.getLogger(CloseOnStop.class);

    @Override
    public void lifeCycleStopped(LifeCycle event)
    {
        for (AutoCloseable resource : resources)
        {
            try
            {
                resource.close();
            }
            catch (Exception e)
            {
                LOG.warn("Closing {} failed", resource, e);
            }
        }
    }
}
