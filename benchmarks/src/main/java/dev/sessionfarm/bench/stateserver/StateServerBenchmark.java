package dev.sessionfarm.bench.stateserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.load.ClosedLoop;
import dev.sessionfarm.bench.load.Rounds;
import dev.sessionfarm.bench.load.Throughput;
import dev.sessionfarm.bench.load.UsageMeter;
import dev.sessionfarm.bench.report.Machine;
import dev.sessionfarm.bench.report.Measurement;
import dev.sessionfarm.bench.report.ResultTable;
import dev.sessionfarm.bench.report.Row;
import dev.sessionfarm.bench.report.Target;
import dev.sessionfarm.bench.store.FormStepMix;
import dev.sessionfarm.bench.store.StoreFigures;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.store.stateserver.StateServerSessionDataStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Benchmark 3: the {@link FormStepMix} through three {@link StateServerSessionDataStore} instances (three nodes,
 * each with its own client and node cache, each session's steps going to the next in turn) against our state
 * server, and the same steps against redis-server laid out as Spring Session keeps sessions
 * ({@link SpringSessionRedis}); sessions of 2 KB, 20 KB and 200 KB, 1, 4 and 16 callers.
 */
public final class StateServerBenchmark
{
    static final List<Integer> CALLERS = List.of(1, 4, 16);
    static final Target TARGET = Target.ratioAtLeast(1.2);
    static final List<String> SERVER_JVM = List.of("-Xms1g", "-Xmx1g");
    static final int INSTANCES = 3;

    private StateServerBenchmark()
    {
    }

    public static void run(RunSettings settings, ResultTable table, Machine machine) throws Exception
    {
        Optional<Path> redisBinary = RedisInstance.find();
        redisBinary.ifPresent(binary -> machine.version("Redis", RedisInstance.version(binary)
            + " (--save \"\" --appendonly no)"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (StateServerInstance server = StateServerInstance.start(settings, "state-server-throughput", SERVER_JVM,
            List.of("--max-memory", "512m"));
             RedisInstance redis = redisBinary.map(b -> RedisInstance.startVolatile(settings, b, "redis-throughput"))
                 .orElse(null))
        {
            for (FormStepMix.Size size : FormStepMix.sizes(settings.quick()))
            {
                FormStepMix mix = new FormStepMix("state-" + run + "-" + size.valueChars(), size.valueChars());
                List<StateServerClient> clients = new ArrayList<>();
                List<StateServerSessionDataStore> stores = new ArrayList<>();
                try
                {
                    for (int i = 0; i < INSTANCES; i++)
                    {
                        clients.add(server.client(SessionSettings.defaults().poolSize(), Duration.ofSeconds(10)));
                        stores.add(started(clients.get(i), i));
                    }
                    mix.createSessions(stores.get(0), size.sessions());
                    if (redis != null)
                        SpringSessionRedis.createSessions(redis, mix, size.sessions());
                    for (int callers : settings.quick() ? List.of(4) : CALLERS)
                        compare(settings, table, server, redis, mix, size, stores, callers);
                }
                finally
                {
                    for (StateServerSessionDataStore store : stores)
                        store.stop();
                    for (StateServerClient client : clients)
                        client.close();
                }
            }
        }
        table.note("State server: ours = the same operation as the SQL store's, through " + INSTANCES
            + " StateServerSessionDataStore instances (as " + INSTANCES + " nodes, each with its own pipelining client "
            + "and node cache; each session's steps go to the next instance in turn, so a step loads the delta the "
            + "other nodes wrote; Kryo decode and encode included) against the state server process ("
            + String.join(" ", SERVER_JVM) + ", no --data-dir); peer = redis-server laid out as Spring Session's "
            + "RedisSessionRepository keeps a session: a hash per session, every attribute a Java-serialized field; a "
            + "step is HGETALL and deserializing every field, HSET of the changed attribute and lastAccessedTime, "
            + "PEXPIRE (Jedis, one pooled connection per caller). KB/op = bytes both ways on the server's port per "
            + "operation (kernel socket counters). " + RunSettings.describeRounds(settings));
    }

    private static void compare(RunSettings settings, ResultTable table, StateServerInstance server,
                                RedisInstance redis, FormStepMix mix, FormStepMix.Size size,
                                List<StateServerSessionDataStore> stores, int callers)
        throws Exception
    {
        List<UsageMeter> meters = List.of(StoreFigures.wireBytes(server.port()),
            StoreFigures.wireBytes(redis == null ? 0 : redis.port()));
        List<Rounds.Contender> contenders = new ArrayList<>();
        contenders.add((warmUp, window) -> meters.get(0).measure(window, probe -> ClosedLoop.run(callers, warmUp,
            window, index -> mix.caller(stores, index, callers, size.sessions()), probe)));
        if (redis != null)
            contenders.add((warmUp, window) -> meters.get(1).measure(window, probe -> SpringSessionRedis.formSteps(
                redis, mix, callers, size.sessions(), warmUp, window, probe)));
        List<Throughput> results = Rounds.compare(contenders, settings.warmUp(), settings.window(), settings.rounds());
        if (redis == null)
        {
            table.add(Row.higherIsBetter("state server, form steps/s, " + size.label() + ", "
                + StoreFigures.callers(callers), results.get(0).measurement("ops/s"),
                Measurement.unavailable("no redis-server on this machine"), TARGET));
            return;
        }
        StoreFigures.add(table, "state server, form steps/s", size, callers, results, meters,
            List.of("state server: ours", "Redis, Spring Session layout"), TARGET);
    }

    private static StateServerSessionDataStore started(StateServerClient client, int node) throws Exception
    {
        StateServerSessionDataStore store = new StateServerSessionDataStore(SessionSettings.builder()
            .set(SessionSetting.WORKER_NAME, "bench" + node).build(), SessionCodec.builder().build(),
            new SimpleMeterRegistry(), client);
        store.initialize(FormStepMix.context("bench" + node));
        store.start();
        return store;
    }
}
