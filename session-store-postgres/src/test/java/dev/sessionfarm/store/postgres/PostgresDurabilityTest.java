package dev.sessionfarm.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.Durability;
import dev.sessionfarm.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the PostgreSQL store says it promises about acknowledged saves, which the 503 page repeats to people. */
class PostgresDurabilityTest
{
    private final SessionSettings config = SessionSettings.builder().build();
    private final SessionCodec codec = SessionCodec.builder().build();

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
}
