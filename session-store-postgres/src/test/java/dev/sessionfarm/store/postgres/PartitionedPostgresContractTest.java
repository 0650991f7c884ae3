package dev.sessionfarm.store.postgres;

import dev.sessionfarm.testing.ContractBackend;
import dev.sessionfarm.testing.SessionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared store contract against two PostgreSQL servers as partitions. */
class PartitionedPostgresContractTest extends SessionStoreContract
{
    private static PostgresContractBackend backend;

    @BeforeAll
    static void startDatabases()
    {
        backend = PostgresContractBackend.start(2);
    }

    @AfterAll
    static void stopDatabases()
    {
        backend.close();
    }

    @Override
    protected ContractBackend backend()
    {
        return backend;
    }
}
