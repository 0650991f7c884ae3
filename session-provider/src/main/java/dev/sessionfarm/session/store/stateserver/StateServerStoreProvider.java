package dev.sessionfarm.session.store.stateserver;

import java.io.IOException;
import java.security.GeneralSecurityException;

import dev.sessionfarm.session.SessionStoreProvider;
import dev.sessionfarm.session.StoreContext;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.stateclient.StateServerClient;
import org.eclipse.jetty.session.SessionDataStore;

/**
 * {@code session.mode=state-server}: a pooled, pipelining client to the state server at {@code session.stateServer},
 * authenticated with the key in {@code session.stateServerKeyFile}, over TLS when a trust store is given.
 * The node starts even while the server is down, and serves 503 pages until it is up.
 */
public final class StateServerStoreProvider implements SessionStoreProvider
{
    @Override
    public String mode()
    {
        return SessionConfig.STATE_SERVER_MODE;
    }

    @Override
    public SessionDataStore create(StoreContext context)
    {
        SessionConfig config = context.config();
        StateServerClient.Builder client = StateServerClient.builder()
            .address(config.stateServer().getHostString(), config.stateServer().getPort())
            .connectTimeout(config.connectTimeout())
            .networkTimeout(config.networkTimeout())
            .poolSize(config.poolSize());
        try
        {
            if (config.stateServerKeyFile().isPresent())
                client.keyFile(config.stateServerKeyFile().get());
        }
        catch (IOException e)
        {
            throw new ConfigException(SessionSetting.STATE_SERVER_KEY_FILE.key() + ": cannot read the key file "
                + config.stateServerKeyFile().get().toAbsolutePath() + " (" + e.getMessage()
                + "); create one with `state-server keygen --out FILE`");
        }
        try
        {
            if (config.stateServerTrustStore().isPresent())
                client.trustStore(config.stateServerTrustStore().get(),
                    config.stateServerTrustStorePassword().toCharArray());
        }
        catch (IOException | GeneralSecurityException e)
        {
            throw new ConfigException(SessionSetting.STATE_SERVER_TRUST_STORE.key() + ": cannot use the trust store "
                + config.stateServerTrustStore().get().toAbsolutePath() + " (" + e.getMessage() + ")");
        }
        StateServerClient built = client.build();
        context.closeOnStop().accept(built);
        return new StateServerSessionDataStore(config, context.codec(), context.meters(), built);
    }
}
