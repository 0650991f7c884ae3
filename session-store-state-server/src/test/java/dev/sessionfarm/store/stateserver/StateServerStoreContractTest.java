package dev.sessionfarm.store.stateserver;

import dev.sessionfarm.testing.ContractBackend;
import dev.sessionfarm.testing.SessionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared store contract against a real state-server process with a data directory. */
class StateServerStoreContractTest extends SessionStoreContract
{
    private static StateServerContractBackend backend;

    @BeforeAll
    static void startServers()
    {
        backend = StateServerContractBackend.start(1);
    }

    @AfterAll
    static void stopServers()
    {
        backend.close();
    }

    @Override
    protected ContractBackend backend()
    {
        return backend;
    }
}
