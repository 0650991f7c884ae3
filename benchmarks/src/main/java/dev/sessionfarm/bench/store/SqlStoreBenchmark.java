package dev.sessionfarm.bench.store;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.load.ClosedLoop;
import dev.sessionfarm.bench.load.Rounds;
import dev.sessionfarm.bench.load.Throughput;
import dev.sessionfarm.bench.process.PostgresDatabase;
import dev.sessionfarm.bench.report.Machine;
import dev.sessionfarm.bench.report.ResultTable;
import dev.sessionfarm.bench.report.Row;
import dev.sessionfarm.bench.report.Target;
import dev.sessionfarm.migrations.Schema;
import dev.sessionfarm.migrations.SchemaMigrations;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.store.postgres.PostgresSessionDataStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.JDBCSessionDataStore;
import org.eclipse.jetty.session.SessionDataStore;

/**
 * Benchmark 2: {@link FormStepMix} against our PostgreSQL store and against Jetty's own JDBCSessionDataStore, on
 * the same database through the same HikariCP pool, at 1, 4 and 16 concurrent callers.
 */
public final class SqlStoreBenchmark
{
    static final List<Integer> CALLERS = List.of(1, 4, 16);
    static final Target TARGET = Target.ratioAtLeast(2.0);
    private static final int POOL_SIZE = 16;

    private SqlStoreBenchmark()
    {
    }

    public static void run(RunSettings settings, ResultTable table, Machine machine) throws Exception
    {
        try (PostgresDatabase database = PostgresDatabase.open(settings);
             HikariDataSource pool = pool(database.jdbcUrl()))
        {
            SchemaMigrations.migrate(pool, Schema.SESSION);
            machine.version("PostgreSQL", database.describe());
            String run = UUID.randomUUID().toString().substring(0, 8);
            SessionDataStore ours = started(oursOver(pool, run));
            SessionDataStore jettys = started(jettysOver(pool));
            int sessions = settings.count(1024, 64);
            FormStepMix mix = new FormStepMix("sql-" + run);
            mix.createSessions(ours, sessions);
            mix.createSessions(jettys, sessions);
            for (int callers : CALLERS)
            {
                List<Throughput> results = Rounds.compare(List.of(
                    (warmUp, window) -> measure(mix, ours, callers, sessions, warmUp, window),
                    (warmUp, window) -> measure(mix, jettys, callers, sessions, warmUp, window)),
                    settings.warmUp(), settings.window(), settings.rounds());
                table.add(Row.higherIsBetter("SQL store, form steps/s, " + callers + " caller" + (callers > 1 ? "s" : ""),
                    results.get(0).measurement("ops/s"), results.get(1).measurement("ops/s"), TARGET));
            }
            ours.stop();
            jettys.stop();
            if (settings.jdbcUrl().isPresent())
                removeRun(pool, run, mix);
        }
        table.note("SQL store: one operation = load a 2 KB session (8 text attributes of 256 chars), change 1 "
            + "attribute (every other operation 2), update access times, store; each caller has its own sessions. "
            + "Ours = PostgresSessionDataStore; peer = Jetty's JDBCSessionDataStore; same PostgreSQL, same "
            + "HikariCP pool of " + POOL_SIZE + ". " + RunSettings.describeRounds(settings));
    }

    private static Throughput measure(FormStepMix mix, SessionDataStore store, int callers, int sessions,
                                      Duration warmUp, Duration window) throws Exception
    {
        return ClosedLoop.run(callers, warmUp, window, index -> mix.caller(store, index, callers, sessions));
    }

    private static PostgresSessionDataStore oursOver(HikariDataSource pool, String run)
    {
        SessionConfig config = SessionConfig.builder()
            .set(SessionSetting.APPLICATION_NAME, "bench-" + run)
            .set(SessionSetting.WORKER_NAME, "bench")
            .build();
        return new PostgresSessionDataStore(config, SessionCodec.builder().build(), new SimpleMeterRegistry(), pool,
            "benchmark database");
    }

    private static JDBCSessionDataStore jettysOver(HikariDataSource pool)
    {
        DatabaseAdaptor adaptor = new DatabaseAdaptor();
        adaptor.setDatasource(pool);
        JDBCSessionDataStore store = new JDBCSessionDataStore();
        store.setDatabaseAdaptor(adaptor);
        store.setSessionTableSchema(new JDBCSessionDataStore.SessionTableSchema());
        return store;
    }

    private static SessionDataStore started(SessionDataStore store) throws Exception
    {
        store.initialize(FormStepMix.context("bench"));
        store.start();
        return store;
    }

    /** The pool a postgres-mode node makes (PostgresStoreProvider), sized so no caller waits for a connection. */
    private static HikariDataSource pool(String jdbcUrl)
    {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("benchmark");
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setMaximumPoolSize(POOL_SIZE);
        hikari.setMinimumIdle(POOL_SIZE);
        hikari.addDataSourceProperty("tcpKeepAlive", true);
        return new HikariDataSource(hikari);
    }

    /** On a database the user gave, leaves no benchmark sessions behind. */
    private static void removeRun(HikariDataSource pool, String run, FormStepMix mix) throws Exception
    {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement())
        {
            s.executeUpdate("DELETE FROM farm_session WHERE scope = 'bench-" + run + "'");
            s.executeUpdate("DELETE FROM JettySessions WHERE sessionId LIKE '" + mix.idPrefix() + "-%'");
        }
    }
}
