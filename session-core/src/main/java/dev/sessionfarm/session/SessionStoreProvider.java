package dev.sessionfarm.session;

import java.util.List;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
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
 * <p>
 * A store declares its own settings ({@link #settings()}); they are then read from properties files, the
 * environment and flags, and listed in {@code --help} and docs/configuration.md, like session-core's. It parses them
 * from {@link SessionSettings#text}, with {@link dev.sessionfarm.session.config.SettingValues} for messages that
 * name the setting, the value and what is allowed.
 */
public interface SessionStoreProvider
{
    /** The {@code session.mode} value that selects this provider, e.g. {@code redis}. */
    String mode();

    /** This store's own settings, besides session-core's {@link SessionSetting#CORE}; keys must not clash. */
    default List<SessionSetting> settings()
    {
        return List.of();
    }

    /**
     * Parses this store's settings and throws a {@link dev.sessionfarm.session.config.ConfigException} naming what
     * to fix; called when settings selecting this mode are loaded, so that a bad one stops a node at start.
     */
    default void check(SessionSettings settings)
    {
    }

    /**
     * Creates the store for one context. Open pools and clients through {@link StoreContext#closeOnStop}, so they
     * are closed when the node stops. Fail here, with a message saying what to fix, if the settings cannot work.
     */
    SessionDataStore create(StoreContext context) throws Exception;
}
