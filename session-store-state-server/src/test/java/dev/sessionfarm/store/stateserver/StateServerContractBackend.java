package dev.sessionfarm.store.stateserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateclient.StoredAttribute;
import dev.sessionfarm.testing.ContractBackend;
import dev.sessionfarm.testing.Suspension;

/** State servers under the store contract, with data directories and one key; each a partition when several. */
final class StateServerContractBackend implements ContractBackend
{
    private final List<StateServerProcess> servers;

    private StateServerContractBackend(List<StateServerProcess> servers)
    {
        this.servers = servers;
    }

    static StateServerContractBackend start(int partitions)
    {
        List<StateServerProcess> servers = new ArrayList<>();
        servers.add(StateServerProcess.start(true));
        while (servers.size() < partitions)
            servers.add(StateServerProcess.sharingKeyWith(servers.get(0), true));
        return new StateServerContractBackend(servers);
    }

    /** The first holds the shared key file: it goes last. */
    void close()
    {
        for (int i = servers.size() - 1; i >= 0; i--)
            servers.get(i).close();
    }

    /** The server that holds the session: every one is asked, so a session stored twice would show. */
    private StateServerProcess holding(String scope, String id)
    {
        List<StateServerProcess> holding = servers.stream().filter(s ->
        {
            try (StateServerClient client = s.client(Duration.ofSeconds(5)))
            {
                return client.load(scope, id, 0).status() == LoadResult.Status.FOUND;
            }
        }).toList();
        if (holding.size() > 1)
            throw new AssertionError("session " + id + " is stored in " + holding.size() + " partitions");
        return holding.isEmpty() ? null : holding.get(0);
    }

    @Override
    public SessionSettings.Builder settings()
    {
        return SessionSettings.builder()
            .set(SessionSetting.MODE, StateServerStoreProvider.MODE)
            .set(StateServerSettings.STATE_SERVER, servers.stream().map(StateServerProcess::address)
                .collect(Collectors.joining(" ")))
            .set(StateServerSettings.STATE_SERVER_KEY_FILE, servers.get(0).keyFile().toString());
    }

    @Override
    public byte[] storedAttribute(String scope, String id, String name)
    {
        StateServerProcess server = holding(scope, id);
        if (server == null)
            return null;
        try (StateServerClient client = server.client(Duration.ofSeconds(5)))
        {
            return client.load(scope, id, 0).attributes().stream().filter(a -> a.name().equals(name))
                .map(StoredAttribute::value).findFirst().orElse(null);
        }
    }

    /** Written as the raw client does, without the codec: the server stores whatever bytes it is given. */
    @Override
    public void overwriteAttribute(String scope, String id, String name, byte[] bytes)
    {
        StateServerProcess server = holding(scope, id);
        if (server == null)
            throw new IllegalStateException("no session " + id);
        try (StateServerClient client = server.client(Duration.ofSeconds(5)))
        {
            LoadResult loaded = client.load(scope, id, 0);
            client.save(SaveRequest.delta(scope, id, loaded.version(), loaded.metadata(), Map.of(name, bytes),
                List.of()));
        }
    }

    @Override
    public void stop()
    {
        servers.forEach(StateServerProcess::stop);
    }

    @Override
    public void start()
    {
        servers.forEach(StateServerProcess::start);
    }

    @Override
    public Suspension suspend()
    {
        return Suspension.of(servers.stream().map(StateServerProcess::process).toArray(ProcessHandle[]::new));
    }
}
