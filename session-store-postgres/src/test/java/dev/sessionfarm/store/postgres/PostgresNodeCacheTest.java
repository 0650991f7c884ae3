package dev.sessionfarm.store.postgres;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.testing.NodeCacheContract;
import dev.sessionfarm.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;

class PostgresNodeCacheTest extends NodeCacheContract
{
    private static String jdbcUrl;

    @BeforeAll
    static void database()
    {
        jdbcUrl = TestPostgres.shared().newDatabase();
    }

    @Override
    protected SessionSettings.Builder settings()
    {
        return SessionSettings.builder()
            .set(SessionSetting.MODE, PostgresStoreProvider.MODE)
            .set(PostgresSettings.JDBC_URL, jdbcUrl);
    }
}
