package dev.sessionfarm.session.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.testing.ContractBackend;
import dev.sessionfarm.session.testing.SessionStoreContract;
import dev.sessionfarm.session.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared store contract against PostgreSQL: a private server, since one test stops and restarts it. */
class PostgresStoreContractTest extends SessionStoreContract
{
    private static TestPostgres postgres;
    private static String jdbcUrl;

    @BeforeAll
    static void startDatabase()
    {
        postgres = TestPostgres.own();
        jdbcUrl = postgres.newDatabase();
    }

    @AfterAll
    static void stopDatabase()
    {
        postgres.close();
    }

    @Override
    protected ContractBackend backend()
    {
        return new ContractBackend()
        {
            @Override
            public SessionConfig.Builder settings()
            {
                return SessionConfig.builder()
                    .set(SessionSetting.MODE, SessionConfig.POSTGRES)
                    .set(SessionSetting.JDBC_URL, jdbcUrl);
            }

            @Override
            public byte[] storedAttribute(String scope, String id, String name) throws Exception
            {
                try (Connection c = DriverManager.getConnection(jdbcUrl);
                     PreparedStatement ps = c.prepareStatement(
                         "SELECT value FROM farm_session_attribute WHERE scope = ? AND id = ? AND name = ?"))
                {
                    ps.setString(1, scope);
                    ps.setString(2, id);
                    ps.setString(3, name);
                    try (ResultSet rs = ps.executeQuery())
                    {
                        return rs.next() ? rs.getBytes(1) : null;
                    }
                }
            }

            @Override
            public void overwriteAttribute(String scope, String id, String name, byte[] bytes) throws Exception
            {
                try (Connection c = DriverManager.getConnection(jdbcUrl);
                     PreparedStatement ps = c.prepareStatement(
                         "UPDATE farm_session_attribute SET value = ? WHERE scope = ? AND id = ? AND name = ?"))
                {
                    ps.setBytes(1, bytes);
                    ps.setString(2, scope);
                    ps.setString(3, id);
                    ps.setString(4, name);
                    if (ps.executeUpdate() != 1)
                        throw new IllegalStateException("no attribute " + name + " in session " + id);
                }
            }

            @Override
            public void stop()
            {
                postgres.stop();
            }

            @Override
            public void start()
            {
                postgres.start();
            }
        };
    }
}
