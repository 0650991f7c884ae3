package dev.sessionfarm.session;

import org.eclipse.jetty.session.SessionDataStore;

/**
 * Plugs a session store into session-farm: the {@code session.mode} value {@link #mode()} selects it.
 * Providers are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.sessionfarm.session.SessionStoreProvider}. The built-in postgres and state-server
 * modes are providers too.
 * <p>
 * A store that extends {@link dev.sessionfarm.session.store.DeltaSessionDataStore} gets delta saves, versions,
 * farm-wide expiry and the shared contract tests for free; any other Jetty {@link SessionDataStore} works too,
 * with the guarantees it brings itself.
 */
public interface SessionStoreProvider
{
    /** The {@code session.mode} value that selects this provider, e.g. {@code redis}. */
    String mode();

    /**
     * Creates the store for one context. Open pools and clients through {@link StoreContext#closeOnStop}, so they
     * are closed when the node stops. Fail here, with a message saying what to fix, if the settings cannot work.
     */
    SessionDataStore create(StoreContext context) throws Exception;
}
