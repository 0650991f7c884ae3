package dev.sessionfarm.store.stateserver;

import dev.sessionfarm.testing.ContractBackend;
import dev.sessionfarm.testing.SessionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared store contract against three state servers as partitions: whatever holds for one store holds for
 * sessions spread over several (expiry and end-of-session events exactly once, outages, conflicts, renewal).
 */
class PartitionedStateServerContractTest extends SessionStoreContract
{
    private static StateServerContractBackend backend;

    @BeforeAll
    static void startServers()
    {
        backend = StateServerContractBackend.start(3);
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
