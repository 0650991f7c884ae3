package dev.sessionfarm.bench.store;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.load.ClosedLoop;
import dev.sessionfarm.bench.load.Rounds;
import dev.sessionfarm.bench.load.Throughput;
import dev.sessionfarm.bench.load.UsageMeter;
import dev.sessionfarm.bench.process.PostgresDatabase;
import dev.sessionfarm.bench.report.Machine;
import dev.sessionfarm.bench.report.ResultTable;
import dev.sessionfarm.bench.report.Row;
import dev.sessionfarm.bench.report.Target;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.store.postgres.PostgresSessionDataStore;
import dev.sessionfarm.store.postgres.Schema;
import dev.sessionfarm.store.postgres.SchemaMigrations;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.JDBCSessionDataStore;
import org.eclipse.jetty.session.SessionDataStore;

/**
 * Benchmark 2: {@link FormStepMix} against our PostgreSQL store and against Jetty's own JDBCSessionDataStore as a
 * farm without sticky sessions uses them: three store instances (three nodes) over one PostgreSQL, each session's
 * steps going to the next instance in turn. Ours keeps its node cache (a step loads only what the other nodes
 * changed); Jetty's has NullSessionCache semantics (every step loads and rewrites the whole session). Sessions of
 * 2 KB, 20 KB and 200 KB, 1, 4 and 16 callers, on a PostgreSQL with fsync and synchronous_commit on.
 */
public final class SqlStoreBenchmark
{
    static final List<Integer> CALLERS = List.of(1, 4, 16);
    static final int INSTANCES = 3;
    private static final int POOL_SIZE = 16;

    private SqlStoreBenchmark()
    {
    }

    /** 2 KB: two round trips dominate either way; larger sessions are where rewriting everything costs. */
    static Target target(FormStepMix.Size size)
    {
        return Target.ratioAtLeast(size.sessionBytes() < 10_000 ? 1.3 : 2.0);
    }

    static List<Integer> callers(RunSettings settings)
    {
        return settings.quick() ? List.of(4) : CALLERS;
    }

    public static void run(RunSettings settings, ResultTable table, Machine machine) throws Exception
    {
        try (PostgresDatabase database = PostgresDatabase.open(settings);
             HikariDataSource pool = pool(database.jdbcUrl()))
        {
            SchemaMigrations.migrate(pool, Schema.SESSION);
            machine.version("PostgreSQL", database.describe());
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (FormStepMix.Size size : FormStepMix.sizes(settings.quick()))
            {
                List<SessionDataStore> ours = new ArrayList<>();
                List<SessionDataStore> jettys = new ArrayList<>();
                for (int i = 0; i < INSTANCES; i++)
                {
                    ours.add(started(oursOver(pool, run, i), i));
                    jettys.add(started(jettysOver(pool), i));
                }
                FormStepMix mix = new FormStepMix("sql-" + run + "-" + size.valueChars(), size.valueChars());
                mix.createSessions(ours.get(0), size.sessions());
                mix.createSessions(jettys.get(0), size.sessions());
                for (int callers : callers(settings))
                {
                    List<UsageMeter> meters = List.of(StoreFigures.wireBytes(database.port()),
                        StoreFigures.wireBytes(database.port()));
                    List<Throughput> results = Rounds.compare(List.of(
                        (warmUp, window) -> meters.get(0).measure(window, probe -> ClosedLoop.run(callers, warmUp,
                            window, index -> mix.caller(ours, index, callers, size.sessions()), probe)),
                        (warmUp, window) -> meters.get(1).measure(window, probe -> ClosedLoop.run(callers, warmUp,
                            window, index -> mix.caller(jettys, index, callers, size.sessions()), probe))),
                        settings.warmUp(), settings.window(), settings.rounds());
                    StoreFigures.add(table, "SQL store, form steps/s", size, callers, results, meters,
                        List.of("PostgreSQL: ours", "PostgreSQL: Jetty JDBCSessionDataStore"), target(size));
                }
                for (SessionDataStore store : ours)
                    store.stop();
                for (SessionDataStore store : jettys)
                    store.stop();
                removeRun(pool, run, mix);
            }
        }
        table.note("SQL store: " + INSTANCES + " store instances (as " + INSTANCES + " nodes) over one PostgreSQL, "
            + "each session's steps going to the next instance in turn (no sticky sessions). One operation = load a "
            + "session of 8 text attributes (2 KB, 20 KB or 200 KB in all), change 1 attribute, update access times, "
            + "store; each caller has its own sessions. Ours = PostgresSessionDataStore with its node cache "
            + "(session.nodeCacheSize 64 MiB per instance); peer = Jetty's JDBCSessionDataStore used with "
            + "NullSessionCache semantics (load and store on every step); same PostgreSQL (fsync and "
            + "synchronous_commit on), one HikariCP pool of " + POOL_SIZE + ". KB/op = bytes both ways on "
            + "PostgreSQL's port per operation (kernel socket counters). " + RunSettings.describeRounds(settings));
    }

    private static PostgresSessionDataStore oursOver(HikariDataSource pool, String run, int node)
    {
        SessionSettings config = SessionSettings.builder()
            .set(SessionSetting.APPLICATION_NAME, "bench-" + run)
            .set(SessionSetting.WORKER_NAME, "bench" + node)
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

    private static SessionDataStore started(SessionDataStore store, int node) throws Exception
    {
        store.initialize(FormStepMix.context("bench" + node));
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

    /** Leaves no benchmark sessions behind (on a database the user gave), and keeps each size's data apart. */
    private static void removeRun(HikariDataSource pool, String run, FormStepMix mix) throws Exception
    {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement())
        {
            s.executeUpdate("DELETE FROM farm_session WHERE scope = 'bench-" + run + "' AND id LIKE '"
                + mix.idPrefix() + "-%'");
            s.executeUpdate("DELETE FROM JettySessions WHERE sessionId LIKE '" + mix.idPrefix() + "-%'");
        }
    }
}
