package dev.sessionfarm.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.testing.ContractBackend;
import dev.sessionfarm.testing.Suspension;
import dev.sessionfarm.testing.TestPostgres;

/** PostgreSQL under the store contract: one database per private server, each server a partition when several. */
final class PostgresContractBackend implements ContractBackend
{
    private final List<TestPostgres> servers;
    private final List<String> urls;

    PostgresContractBackend(List<TestPostgres> servers, List<String> urls)
    {
        this.servers = servers;
        this.urls = urls;
    }

    static PostgresContractBackend start(int partitions)
    {
        List<TestPostgres> servers = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < partitions; i++)
        {
            TestPostgres server = TestPostgres.own();
            servers.add(server);
            urls.add(server.newDatabase());
        }
        return new PostgresContractBackend(servers, urls);
    }

    void close()
    {
        servers.forEach(TestPostgres::close);
    }

    /** The URL of the one database that holds the session (two holding it fail the test). */
    private String holding(String scope, String id) throws Exception
    {
        List<String> holding = new ArrayList<>();
        for (String url : urls)
            try (Connection c = DriverManager.getConnection(url);
                 PreparedStatement ps = c.prepareStatement("SELECT 1 FROM farm_session WHERE scope = ? AND id = ?"))
            {
                ps.setString(1, scope);
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery())
                {
                    if (rs.next())
                        holding.add(url);
                }
            }
        if (holding.size() > 1)
            throw new AssertionError("session " + id + " is stored in " + holding.size() + " partitions");
        return holding.isEmpty() ? null : holding.get(0);
    }

    @Override
    public SessionSettings.Builder settings()
    {
        return SessionSettings.builder()
            .set(SessionSetting.MODE, PostgresStoreProvider.MODE)
            .set(PostgresSettings.JDBC_URL, String.join(" ", urls));
    }

    @Override
    public byte[] storedAttribute(String scope, String id, String name) throws Exception
    {
        String url = holding(scope, id);
        if (url == null)
            return null;
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(
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
        String url = holding(scope, id);
        if (url == null)
            throw new IllegalStateException("no session " + id);
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(
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
        servers.forEach(TestPostgres::stop);
    }

    @Override
    public void start()
    {
        servers.forEach(TestPostgres::start);
    }

    @Override
    public Suspension suspend()
    {
        return Suspension.of(servers.stream().map(TestPostgres::postmaster).toArray(ProcessHandle[]::new));
    }
}
