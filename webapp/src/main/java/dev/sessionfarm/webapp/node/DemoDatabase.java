package dev.sessionfarm.webapp.node;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionfarm.store.postgres.Schema;
import dev.sessionfarm.store.postgres.SchemaMigrations;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The demo's own database (catalog, orders, survey answers): a small pool, its schema migrated on start. */
public final class DemoDatabase
{
    /** Beside the session tables, with its own history, so the two are versioned apart. */
    public static final Schema SCHEMA = new Schema("demo", "classpath:db/migration/demo", "farm_demo_schema_history");

    private static final Logger LOG = LoggerFactory.getLogger(DemoDatabase.class);

    private DemoDatabase()
    {
    }

    /** Opens the pool and applies the demo migrations; fails, saying why, when the database cannot be reached. */
    public static HikariDataSource open(String jdbcUrl, String nodeName)
    {
        HikariConfig config = new HikariConfig();
        config.setPoolName("demo-data");
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(5);
        config.setConnectionTimeout(3000);
        config.setValidationTimeout(1000);
        // Strings: HikariCP passes these as Properties, and the driver ignores values of any other type.
        config.addDataSourceProperty("connectTimeout", "3");
        config.addDataSourceProperty("socketTimeout", "10");
        config.addDataSourceProperty("ApplicationName", "session-farm demo " + nodeName);
        HikariDataSource pool = new HikariDataSource(config);
        try
        {
            LOG.info("{} ({})", SchemaMigrations.migrate(pool, SCHEMA).describe(), withoutQuery(jdbcUrl));
            return pool;
        }
        catch (RuntimeException e)
        {
            pool.close();
            throw e;
        }
    }

    /**
     * Reports the pool's meters ({@code hikaricp_connections*}, {@code pool="demo-data"}) to a node's registry. A
     * pool reports to one registry only, so of nodes sharing one pool (in tests) the first gets them.
     */
    public static void meter(DataSource database, MeterRegistry registry)
    {
        if (!(database instanceof HikariDataSource pool))
            return;
        synchronized (pool)
        {
            if (pool.getMetricRegistry() == null)
                pool.setMetricRegistry(registry);
        }
    }

    /**
     * A failed database call as the person sees it: 503 ("please retry") when the database is unreachable or
     * shutting down, a plain failure (500) for anything else, which would be a bug.
     */
    public static RuntimeException unavailable(String doing, SQLException e)
    {
        if (isOutage(e))
        {
            LOG.warn("Demo database unavailable while {}: {}", doing, e.getMessage());
            return new HttpException.RuntimeException(503, "The demo database is unavailable", e);
        }
        return new IllegalStateException("Failed " + doing, e);
    }

    /**
     * Rolls back after {@code failure}. A connection the database dropped (killed, restarted) cannot roll back
     * either; that second failure is kept with the first instead of replacing it, or the outage would be told as a
     * bug (a 500 "Connection is closed" where the person should get the 503 page).
     */
    public static void rollback(java.sql.Connection c, Exception failure)
    {
        try
        {
            c.rollback();
        }
        catch (SQLException rollbackFailed)
        {
            failure.addSuppressed(rollbackFailed);
        }
    }

    static boolean isOutage(SQLException e)
    {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException
            || e instanceof SQLNonTransientConnectionException || state.startsWith("08") || state.startsWith("57");
    }

    /** The URL without its query string, which may carry a password: safe to log. */
    public static String withoutQuery(String jdbcUrl)
    {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }
}
