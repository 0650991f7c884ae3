package dev.sessionfarm.session.store;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.store.postgres.PostgresSessionDataStore;
import dev.sessionfarm.session.store.stateserver.StateServerSessionDataStore;
import dev.sessionfarm.session.testing.StateServerProcess;
import dev.sessionfarm.session.testing.TestPostgres;
import dev.sessionfarm.stateclient.StateServerClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What each store says it promises about acknowledged saves, which the 503 page repeats to people. */
class DurabilityTest
{
    private final SessionConfig config = SessionConfig.builder().build();
    private final SessionCodec codec = SessionCodec.builder().build();

    @Test
    void aStateServerWithoutDataDirKeepsSessionsInMemoryOnlyAndOneWithFsyncAlwaysIsDurable()
    {
        try (StateServerProcess memory = StateServerProcess.start(false);
             StateServerClient client = memory.client(Duration.ofSeconds(2)))
        {
            assertEquals(Durability.IN_MEMORY, store(client).durability());
        }
        try (StateServerProcess persistent = StateServerProcess.start(true);
             StateServerClient client = persistent.client(Duration.ofSeconds(2)))
        {
            StateServerSessionDataStore store = store(client);
            persistent.stop();
            assertEquals(Durability.UNKNOWN, store.durability(), "a store that cannot be asked promises nothing");
            persistent.start();
            assertEquals(Durability.DURABLE, store.durability(), "asked again once it answers");
        }
    }

    /** The tests' PostgreSQL runs with fsync and synchronous_commit off, for speed. */
    @Test
    void aPostgresWithoutSynchronousCommitMayLoseTheLastMoment()
    {
        try (HikariDataSource dataSource = new HikariDataSource())
        {
            dataSource.setJdbcUrl(TestPostgres.shared().newDatabase());
            PostgresSessionDataStore store = new PostgresSessionDataStore(config, codec, new SimpleMeterRegistry(),
                dataSource, "test database");
            assertEquals(Durability.WRITTEN_SOON, store.durability());
        }
    }

    private StateServerSessionDataStore store(StateServerClient client)
    {
        return new StateServerSessionDataStore(config, codec, new SimpleMeterRegistry(), client);
    }
}
