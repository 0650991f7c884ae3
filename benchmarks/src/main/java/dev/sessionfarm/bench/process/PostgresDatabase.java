package dev.sessionfarm.bench.process;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.testing.TestPostgres;

/**
 * The PostgreSQL a benchmark uses: the one the user gave (--jdbc-url), or an embedded one that lives as long as the
 * benchmark, each benchmark in a fresh database of its own. The embedded one runs with fsync and synchronous_commit
 * on, as docs/deployment.md deploys PostgreSQL: an acknowledged save survives a crash, and the figures pay for it.
 */
public final class PostgresDatabase implements AutoCloseable
{
    private final String jdbcUrl;
    private final TestPostgres embedded;
    private final long postmaster;

    private PostgresDatabase(String jdbcUrl, TestPostgres embedded)
    {
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
        this.postmaster = findPostmaster();
    }

    public static PostgresDatabase open(RunSettings settings)
    {
        if (settings.jdbcUrl().isPresent())
            return new PostgresDatabase(settings.jdbcUrl().get(), null);
        TestPostgres embedded = TestPostgres.ownDurable();
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
                : " (embedded, fsync and synchronous_commit on)");
        }
    }

    /** The server's port, for counting the bytes its connections carry. */
    public int port()
    {
        Matcher port = Pattern.compile("//[^/:]+:(\\d+)/").matcher(jdbcUrl);
        return port.find() ? Integer.parseInt(port.group(1)) : 5432;
    }

    /**
     * The postmaster's and its children's (backends, WAL writer, checkpointer) process ids, read afresh each time
     * (backends come and go); empty when the server is not a process of this machine that /proc shows.
     */
    public List<Long> processes()
    {
        if (postmaster == 0)
            return List.of();
        return ProcStat.withChildren(postmaster);
    }

    /** Finds the postmaster as the parent of a backend: zonky does not say which process it started. */
    private long findPostmaster()
    {
        if (embedded == null || !ProcStat.available())
            return 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_backend_pid()"))
        {
            rs.next();
            return ProcStat.parent(rs.getInt(1)).orElse(0);
        }
        catch (SQLException e)
        {
            return 0;
        }
    }

    @Override
    public void close()
    {
        if (embedded != null)
            embedded.close();
    }
}
