package dev.sessionfarm.store.postgres;

import dev.sessionfarm.testing.ContractBackend;
import dev.sessionfarm.testing.SessionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared store contract against PostgreSQL: a private server, since one test stops and restarts it. */
class PostgresStoreContractTest extends SessionStoreContract
{
    private static PostgresContractBackend backend;

    @BeforeAll
    static void startDatabase()
    {
        backend = PostgresContractBackend.start(1);
    }

    @AfterAll
    static void stopDatabase()
    {
        backend.close();
    }

    @Override
    protected ContractBackend backend()
    {
        return backend;
    }
}
