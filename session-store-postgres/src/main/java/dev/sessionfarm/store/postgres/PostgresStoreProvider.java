package dev.sessionfarm.store.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionfarm.session.SessionStoreProvider;
import dev.sessionfarm.session.StoreContext;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.PartitionedSessionDataStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.session.SessionDataStore;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code session.mode=postgres}: a HikariCP pool with bounded timeouts, the schema migrated on start, the store. */
public final class PostgresStoreProvider implements SessionStoreProvider
{
    public static final String MODE = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStoreProvider.class);

    @Override
    public String mode()
    {
        return MODE;
    }

    @Override
    public List<SessionSetting> settings()
    {
        return PostgresSettings.ALL;
    }

    @Override
    public void check(SessionSettings settings)
    {
        PostgresSettings.of(settings);
    }

    @Override
    public SessionDataStore create(StoreContext context)
    {
        SessionSettings config = context.settings();
        PostgresSettings postgres = PostgresSettings.of(config);
        // Partitions are named by their URLs without the query string, which may carry credentials.
        Map<String, String> byName = new LinkedHashMap<>();
        postgres.jdbcUrls().forEach(url -> byName.put(withoutQuery(url), url));
        config.otherPartitions().forEach(url -> byName.putIfAbsent(withoutQuery(url), url));
        List<String> names = postgres.jdbcUrls().stream().map(PostgresStoreProvider::withoutQuery).toList();
        List<String> others = config.otherPartitions().stream().map(PostgresStoreProvider::withoutQuery).toList();
        List<String> poolNames = new ArrayList<>(byName.keySet());
        return PartitionedSessionDataStore.over(MODE, context, names, others,
            (name, meters) -> store(context, postgres, byName.get(name), byName.size() == 1 ? "session-store"
                : "session-store-" + (poolNames.indexOf(name) + 1), meters));
    }

    private static PostgresSessionDataStore store(StoreContext context, PostgresSettings postgres, String jdbcUrl,
                                                  String poolName, MeterRegistry meters)
    {
        SessionSettings config = context.settings();
        HikariConfig settings = poolSettings(config, postgres, jdbcUrl);
        settings.setPoolName(poolName);
        // The pool's own meters (hikaricp_connections*, by pool) show whether a slow store is waiting for connections.
        settings.setMetricRegistry(context.meters());
        HikariDataSource pool = new HikariDataSource(settings);
        context.closeOnStop().accept(pool);
        String location = withoutQuery(jdbcUrl);
        if (postgres.migrate())
            LOG.info("{} ({})", SchemaMigrations.migrate(migrationSource(config, postgres, jdbcUrl), Schema.SESSION)
                .describe(), location);
        return new PostgresSessionDataStore(config, context.codec(), meters, pool, location);
    }

    /** Migrations take a lock and a working connection: outside the pool, which may be as small as one. */
    private static DataSource migrationSource(SessionSettings config, PostgresSettings postgres, String jdbcUrl)
    {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(jdbcUrl);
        if (!postgres.jdbcUser().isEmpty())
            source.setUser(postgres.jdbcUser());
        if (!postgres.jdbcPassword().isEmpty())
            source.setPassword(postgres.jdbcPassword());
        source.setConnectTimeout((int)Math.max(1, config.connectTimeout().toSeconds()));
        return source;
    }

    static HikariConfig poolSettings(SessionSettings config, PostgresSettings postgres, String jdbcUrl)
    {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("session-store");
        hikari.setJdbcUrl(jdbcUrl);
        if (!postgres.jdbcUser().isEmpty())
            hikari.setUsername(postgres.jdbcUser());
        if (!postgres.jdbcPassword().isEmpty())
            hikari.setPassword(postgres.jdbcPassword());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setConnectionTimeout(Math.max(250, config.connectTimeout().toMillis()));
        hikari.setValidationTimeout(Math.max(250, Math.min(config.connectTimeout().toMillis(), 5000)));
        // A node starts, and serves 503 pages, while the database is down; it recovers by itself.
        hikari.setInitializationFailTimeout(-1);
        // Strings only: HikariCP hands these to the driver as Properties, whose getProperty ignores other values,
        // and the driver then waits forever on a database that stopped answering.
        String connectSeconds = String.valueOf(Math.max(1, config.connectTimeout().toSeconds()));
        hikari.addDataSourceProperty("connectTimeout", connectSeconds);
        hikari.addDataSourceProperty("loginTimeout", connectSeconds);
        hikari.addDataSourceProperty("socketTimeout", String.valueOf(Math.max(1, config.networkTimeout().toSeconds())));
        hikari.addDataSourceProperty("options", "-c statement_timeout=" + postgres.statementTimeout().toMillis());
        hikari.addDataSourceProperty("ApplicationName", "session-farm " + config.workerName());
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        return hikari;
    }

    /** The URL without its query string, which may carry credentials: safe to log and show. */
    static String withoutQuery(String jdbcUrl)
    {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }
}
