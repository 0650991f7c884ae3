package dev.sessionfarm.store.postgres;

import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.config.SessionSetting;
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
    protected SessionConfig.Builder settings()
    {
        return SessionConfig.builder()
            .set(SessionSetting.MODE, SessionConfig.POSTGRES)
            .set(SessionSetting.JDBC_URL, jdbcUrl);
    }
}
