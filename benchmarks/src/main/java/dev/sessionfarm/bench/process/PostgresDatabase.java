package dev.sessionfarm.bench.process;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.session.testing.TestPostgres;

/**
 * The PostgreSQL a benchmark uses: the one the user gave (--jdbc-url), or an embedded one (zonky, fsync off) that
 * lives as long as the benchmark, each benchmark in a fresh database of its own.
 */
public final class PostgresDatabase implements AutoCloseable
{
    private final String jdbcUrl;
    private final TestPostgres embedded;

    private PostgresDatabase(String jdbcUrl, TestPostgres embedded)
    {
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
    }

    public static PostgresDatabase open(RunSettings settings)
    {
        if (settings.jdbcUrl().isPresent())
            return new PostgresDatabase(settings.jdbcUrl().get(), null);
        TestPostgres embedded = TestPostgres.own();
        return new PostgresDatabase(embedded.newDatabase(), embedded);
    }

    public String jdbcUrl()
    {
        return jdbcUrl;
    }

    /** A fresh database on the embedded server; the given database itself when the user named one. */
    public String anotherDatabase()
    {
        return embedded == null ? jdbcUrl : embedded.newDatabase();
    }

    /** For the table: the server's version and whether it is ours or the user's. */
    public String describe() throws SQLException
    {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version"))
        {
            rs.next();
            return rs.getString(1) + (embedded == null ? " (given with --jdbc-url)"
                : " (embedded, fsync and synchronous_commit off)");
        }
    }

    @Override
    public void close()
    {
        if (embedded != null)
            embedded.close();
    }
}
