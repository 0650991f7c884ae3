package dev.sessionfarm.store.stateserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.List;

import dev.sessionfarm.session.SessionStoreProvider;
import dev.sessionfarm.session.StoreContext;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.store.PartitionedSessionDataStore;
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
        if (config.stateServers().isEmpty())
            throw new ConfigException(SessionSetting.STATE_SERVER.key() + " names no state server");
        List<String> addresses = config.stateServers().stream().map(StateServerStoreProvider::name).toList();
        List<String> others = config.otherPartitions().stream().map(SessionConfig::stateServerAddress)
            .map(StateServerStoreProvider::name).toList();
        return PartitionedSessionDataStore.over("state-server", context, addresses, others,
            (address, meters) -> new StateServerSessionDataStore(config, context.codec(), meters,
                client(context, address)));
    }

    private static String name(InetSocketAddress address)
    {
        return address.getHostString() + ":" + address.getPort();
    }

    private static StateServerClient client(StoreContext context, String address)
    {
        SessionConfig config = context.config();
        InetSocketAddress server = SessionConfig.stateServerAddress(address);
        StateServerClient.Builder client = StateServerClient.builder()
            .address(server.getHostString(), server.getPort())
            .connectTimeout(config.connectTimeout())
            .networkTimeout(config.networkTimeout())
            .poolSize(config.poolSize());
        try
        {
            if (config.stateServerKeyFile().isPresent())
                client.keyFile(config.stateServerKeyFile().get(), config.stateServerAllowReadableKeyFile());
        }
        catch (IllegalArgumentException e)
        {
            throw new ConfigException(SessionSetting.STATE_SERVER_KEY_FILE.key() + ": " + e.getMessage());
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
        return built;
    }
}
