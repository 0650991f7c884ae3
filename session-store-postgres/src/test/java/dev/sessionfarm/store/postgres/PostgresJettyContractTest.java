package dev.sessionfarm.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.DeltaSessionDataStore;
import dev.sessionfarm.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.session.AbstractSessionDataStoreFactory;
import org.eclipse.jetty.session.AbstractSessionDataStoreTest;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionDataStoreFactory;
import org.eclipse.jetty.session.SessionManager;
import org.junit.jupiter.api.AfterEach;

import static dev.sessionfarm.testing.JettyContractSupport.assertSameAttributes;
import static dev.sessionfarm.testing.JettyContractSupport.withContextLoader;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Jetty's own store contract (its 24 tests), run against the PostgreSQL store. */
class PostgresJettyContractTest extends AbstractSessionDataStoreTest
{
    private static final String INSERT_SESSION = """
        INSERT INTO farm_session (scope, id, created_at, accessed_at, last_accessed_at, cookie_set_at, max_inactive_ms,
                                  expires_at, last_node, version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""";
    private static final String INSERT_ATTRIBUTE =
        "INSERT INTO farm_session_attribute (scope, id, name, value, written_version) VALUES (?, ?, ?, ?, 1)";

    private final HikariDataSource dataSource = new HikariDataSource();
    private final SessionCodec codec = SessionCodec.builder()
        .allow(List.of("Foo", "Proxyable", "ProxyableInvocationHandler"))
        .build();

    PostgresJettyContractTest() throws Exception
    {
        dataSource.setJdbcUrl(TestPostgres.shared().newDatabase());
        dataSource.setMaximumPoolSize(4);
        SchemaMigrations.migrate(dataSource, Schema.SESSION);
    }

    @AfterEach
    void closePool()
    {
        dataSource.close();
    }

    @Override
    public SessionDataStoreFactory createSessionDataStoreFactory()
    {
        SessionSettings config = SessionSettings.builder().build();
        return new AbstractSessionDataStoreFactory()
        {
            @Override
            public SessionDataStore getSessionDataStore(SessionManager manager)
            {
                PostgresSessionDataStore store = new PostgresSessionDataStore(config, codec, new SimpleMeterRegistry(),
                    dataSource, "test database");
                store.setGracePeriodSec(getGracePeriodSec());
                store.setSavePeriodSec(getSavePeriodSec());
                return store;
            }
        };
    }

    private static String scope(SessionData data)
    {
        return DeltaSessionDataStore.scopeOf("", data.getContextPath(), data.getVhost());
    }

    @Override
    public void persistSession(SessionData data) throws Exception
    {
        Map<String, byte[]> encoded = new HashMap<>();
        withContextLoader(_contextClassLoader,
            () -> data.getAllAttributes().forEach((k, v) -> encoded.put(k, codec.encode(k, v))));
        insert(data, encoded);
    }

    @Override
    public void persistUnreadableSession(SessionData data) throws Exception
    {
        insert(data, Map.of("unreadable", new byte[] {(byte)0xF1, 0, 0x7f, 0x7f, 0x7f}));
    }

    private void insert(SessionData data, Map<String, byte[]> attributes) throws Exception
    {
        try (Connection c = dataSource.getConnection();
             PreparedStatement session = c.prepareStatement(INSERT_SESSION);
             PreparedStatement attribute = c.prepareStatement(INSERT_ATTRIBUTE))
        {
            session.setString(1, scope(data));
            session.setString(2, data.getId());
            session.setLong(3, data.getCreated());
            session.setLong(4, data.getAccessed());
            session.setLong(5, data.getLastAccessed());
            session.setLong(6, data.getCookieSet());
            session.setLong(7, data.getMaxInactiveMs());
            session.setLong(8, data.getExpiry());
            session.setString(9, data.getLastNode() == null ? "" : data.getLastNode());
            session.executeUpdate();
            for (Map.Entry<String, byte[]> e : attributes.entrySet())
            {
                attribute.setString(1, scope(data));
                attribute.setString(2, data.getId());
                attribute.setString(3, e.getKey());
                attribute.setBytes(4, e.getValue());
                attribute.executeUpdate();
            }
        }
    }

    @Override
    public boolean checkSessionExists(SessionData data) throws Exception
    {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM farm_session WHERE scope = ? AND id = ?"))
        {
            ps.setString(1, scope(data));
            ps.setString(2, data.getId());
            try (ResultSet rs = ps.executeQuery())
            {
                return rs.next();
            }
        }
    }

    @Override
    public boolean checkSessionPersisted(SessionData data) throws Exception
    {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                 SELECT created_at, accessed_at, last_accessed_at, max_inactive_ms, cookie_set_at, last_node, expires_at
                   FROM farm_session WHERE scope = ? AND id = ?""");
             PreparedStatement attrs = c.prepareStatement(
                 "SELECT name, value FROM farm_session_attribute WHERE scope = ? AND id = ?"))
        {
            ps.setString(1, scope(data));
            ps.setString(2, data.getId());
            try (ResultSet rs = ps.executeQuery())
            {
                if (!rs.next())
                    return false;
                assertEquals(data.getCreated(), rs.getLong(1));
                assertEquals(data.getAccessed(), rs.getLong(2));
                assertEquals(data.getLastAccessed(), rs.getLong(3));
                assertEquals(data.getMaxInactiveMs(), rs.getLong(4));
                assertEquals(data.getCookieSet(), rs.getLong(5));
                assertEquals(data.getLastNode(), rs.getString(6));
                assertEquals(data.getExpiry(), rs.getLong(7));
            }
            attrs.setString(1, scope(data));
            attrs.setString(2, data.getId());
            Map<String, Object> stored = new HashMap<>();
            try (ResultSet rs = attrs.executeQuery())
            {
                while (rs.next())
                {
                    String name = rs.getString(1);
                    byte[] value = rs.getBytes(2);
                    withContextLoader(_contextClassLoader, () -> stored.put(name, codec.decode(value)));
                }
            }
            assertSameAttributes(data, stored);
            return true;
        }
    }

}
