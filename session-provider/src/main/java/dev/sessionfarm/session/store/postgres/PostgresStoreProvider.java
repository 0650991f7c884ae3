package dev.sessionfarm.session.store.postgres;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionfarm.migrations.Schema;
import dev.sessionfarm.migrations.SchemaMigrations;
import dev.sessionfarm.session.SessionStoreProvider;
import dev.sessionfarm.session.StoreContext;
import dev.sessionfarm.session.config.SessionConfig;
import org.eclipse.jetty.session.SessionDataStore;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code session.mode=postgres}: a HikariCP pool with bounded timeouts, the schema migrated on start, the store. */
public final class PostgresStoreProvider implements SessionStoreProvider
{
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStoreProvider.class);

    @Override
    public String mode()
    {
        return SessionConfig.POSTGRES;
    }

    @Override
    public SessionDataStore create(StoreContext context)
    {
        SessionConfig config = context.config();
        HikariDataSource pool = new HikariDataSource(poolSettings(config));
        context.closeOnStop().accept(pool);
        String location = withoutQuery(config.jdbcUrl());
        if (config.migrate())
            LOG.info("{} ({})", SchemaMigrations.migrate(migrationSource(config), Schema.SESSION).describe(), location);
        return new PostgresSessionDataStore(config, context.codec(), context.meters(), pool, location);
    }

    /** Migrations take a lock and a working connection: outside the pool, which may be as small as one. */
    private static DataSource migrationSource(SessionConfig config)
    {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(config.jdbcUrl());
        if (!config.jdbcUser().isEmpty())
            source.setUser(config.jdbcUser());
        if (!config.jdbcPassword().isEmpty())
            source.setPassword(config.jdbcPassword());
        source.setConnectTimeout((int)Math.max(1, config.connectTimeout().toSeconds()));
        return source;
    }

    static HikariConfig poolSettings(SessionConfig config)
    {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("session-store");
        hikari.setJdbcUrl(config.jdbcUrl());
        if (!config.jdbcUser().isEmpty())
            hikari.setUsername(config.jdbcUser());
        if (!config.jdbcPassword().isEmpty())
            hikari.setPassword(config.jdbcPassword());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setConnectionTimeout(Math.max(250, config.connectTimeout().toMillis()));
        hikari.setValidationTimeout(Math.max(250, Math.min(config.connectTimeout().toMillis(), 5000)));
        // A node starts, and serves 503 pages, while the database is down; it recovers by itself.
        hikari.setInitializationFailTimeout(-1);
        long connectSeconds = Math.max(1, config.connectTimeout().toSeconds());
        hikari.addDataSourceProperty("connectTimeout", connectSeconds);
        hikari.addDataSourceProperty("loginTimeout", connectSeconds);
        hikari.addDataSourceProperty("socketTimeout", Math.max(1, config.networkTimeout().toSeconds()));
        hikari.addDataSourceProperty("options", "-c statement_timeout=" + config.statementTimeout().toMillis());
        hikari.addDataSourceProperty("ApplicationName", "session-farm " + config.workerName());
        hikari.addDataSourceProperty("tcpKeepAlive", true);
        return hikari;
    }

    /** The URL without its query string, which may carry credentials: safe to log and show. */
    static String withoutQuery(String jdbcUrl)
    {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }
}
