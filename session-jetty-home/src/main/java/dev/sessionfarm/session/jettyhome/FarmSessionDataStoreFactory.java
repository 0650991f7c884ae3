package dev.sessionfarm.session.jettyhome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.session.SessionStoreProvider;
import dev.sessionfarm.session.StoreContext;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.KnownSettings;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.jetty.CloseOnStop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.session.AbstractSessionDataStoreFactory;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A jetty-home {@code SessionDataStoreFactory} bean for one of our stores: each deployed context's session handler
 * asks it for a store when it starts. Settings arrive from the module's XML under the very keys of session-core's
 * and the store's settings ({@code session.timeout}, {@code session.stateServer}, {@code session.jdbcUrl}, ...), so a
 * setting has one name whether it is given to an embedded node or to a jetty-base. Its store's pools and clients
 * close when that context's session handler stops, so an undeployed webapp leaves no connection behind.
 */
public abstract class FarmSessionDataStoreFactory extends AbstractSessionDataStoreFactory
{
    private static final Logger LOG = LoggerFactory.getLogger(FarmSessionDataStoreFactory.class);

    private final Map<String, String> settings = new LinkedHashMap<>();
    private volatile SessionSettings config;

    protected abstract SessionStoreProvider provider();

    /** session-core's settings and this store's: those a jetty-base may set. */
    private KnownSettings known()
    {
        return KnownSettings.of(List.of(provider()));
    }

    /**
     * One setting by its key, session-core's or this store's. A null or blank value (a property the jetty-base leaves
     * unset) keeps the default.
     */
    public void setSetting(String key, String value)
    {
        if (value == null || value.isBlank())
            return;
        if (known().byKey(key).isEmpty())
            throw new ConfigException("Unknown session setting " + key + " for the " + provider().mode() + " store");
        if (SessionSetting.MODE.key().equals(key))
            throw new ConfigException(key + " is given by the module that is enabled, not by a property");
        settings.put(key, value.trim());
        config = null;
    }

    /**
     * Jetty's {@code jetty.sessionScavengeInterval.seconds}, a bare number of seconds, as our
     * {@code session.scavengeInterval}, whose durations carry their unit.
     */
    public void setScavengeIntervalSeconds(String seconds)
    {
        if (seconds != null && seconds.strip().matches("\\d+"))
            setSetting(SessionSetting.SCAVENGE_INTERVAL.key(), seconds.strip() + "s");
        else
            setSetting(SessionSetting.SCAVENGE_INTERVAL.key(), seconds);
    }

    /** The settings, parsed and checked (the store's too); the first call's errors name the setting to fix. */
    public SessionSettings config()
    {
        SessionSettings built = config;
        if (built != null)
            return built;
        SessionSettings.Builder builder = SessionSettings.builder(known()).set(SessionSetting.MODE, provider().mode());
        settings.forEach(builder::set);
        built = builder.build();
        provider().check(built);
        config = built;
        return built;
    }

    @Override
    public SessionDataStore getSessionDataStore(SessionManager manager) throws Exception
    {
        SessionSettings settings = config();
        SessionCodec codec = SessionCodec.configuredBy(settings).build();
        List<AutoCloseable> resources = new ArrayList<>();
        // One registry per context: two webapps' pools carry the same meter names.
        MeterRegistry meters = new SimpleMeterRegistry();
        SessionDataStore store = provider().create(new StoreContext(settings, codec, meters, resources::add));
        manager.addEventListener(new CloseOnStop(resources));
        LOG.info("Sessions: {} mode, timeout {}, node {}", settings.mode(), settings.timeout(), settings.workerName());
        return store;
    }
}
