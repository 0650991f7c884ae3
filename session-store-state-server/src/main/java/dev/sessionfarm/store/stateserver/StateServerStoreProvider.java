package dev.sessionfarm.store.stateserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.List;

import dev.sessionfarm.session.SessionStoreProvider;
import dev.sessionfarm.session.StoreContext;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
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
    public static final String MODE = "state-server";

    @Override
    public String mode()
    {
        return MODE;
    }

    @Override
    public List<SessionSetting> settings()
    {
        return StateServerSettings.ALL;
    }

    @Override
    public void check(SessionSettings settings)
    {
        StateServerSettings.of(settings);
    }

    @Override
    public SessionDataStore create(StoreContext context)
    {
        SessionSettings config = context.settings();
        StateServerSettings stateServer = StateServerSettings.of(config);
        List<String> addresses = stateServer.stateServers().stream().map(StateServerStoreProvider::name).toList();
        List<String> others = stateServer.otherPartitions().stream().map(StateServerStoreProvider::name).toList();
        return PartitionedSessionDataStore.over(MODE, context, addresses, others,
            (address, meters) -> new StateServerSessionDataStore(config, context.codec(), meters,
                client(context, stateServer, address)));
    }

    private static String name(InetSocketAddress address)
    {
        return address.getHostString() + ":" + address.getPort();
    }

    private static StateServerClient client(StoreContext context, StateServerSettings stateServer, String address)
    {
        SessionSettings config = context.settings();
        InetSocketAddress server = StateServerSettings.hostAndPort(StateServerSettings.STATE_SERVER, address);
        StateServerClient.Builder client = StateServerClient.builder()
            .address(server.getHostString(), server.getPort())
            .connectTimeout(config.connectTimeout())
            .networkTimeout(config.networkTimeout())
            .poolSize(config.poolSize());
        try
        {
            if (stateServer.keyFile().isPresent())
                client.keyFile(stateServer.keyFile().get(), stateServer.allowReadableKeyFile());
        }
        catch (IllegalArgumentException e)
        {
            throw new ConfigException(StateServerSettings.STATE_SERVER_KEY_FILE.key() + ": " + e.getMessage());
        }
        catch (IOException e)
        {
            throw new ConfigException(StateServerSettings.STATE_SERVER_KEY_FILE.key() + ": cannot read the key file "
                + stateServer.keyFile().get().toAbsolutePath() + " (" + e.getMessage()
                + "); create one with `state-server keygen --out FILE`");
        }
        try
        {
            if (stateServer.trustStore().isPresent())
                client.trustStore(stateServer.trustStore().get(),
                    stateServer.trustStorePassword().toCharArray());
        }
        catch (IOException | GeneralSecurityException e)
        {
            throw new ConfigException(
                StateServerSettings.STATE_SERVER_TRUST_STORE.key() + ": cannot use the trust store "
                    + stateServer.trustStore().get().toAbsolutePath() + " (" + e.getMessage() + ")");
        }
        StateServerClient built = client.build();
        context.closeOnStop().accept(built);
        return built;
    }
}
