package dev.sessionfarm.bench.stateserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.load.ClosedLoop;
import dev.sessionfarm.bench.load.Rounds;
import dev.sessionfarm.bench.load.Throughput;
import dev.sessionfarm.bench.report.Machine;
import dev.sessionfarm.bench.report.Measurement;
import dev.sessionfarm.bench.report.ResultTable;
import dev.sessionfarm.bench.report.Row;
import dev.sessionfarm.bench.report.Target;
import dev.sessionfarm.bench.store.FormStepMix;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.store.stateserver.StateServerSessionDataStore;
import dev.sessionfarm.stateclient.StateServerClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * Benchmark 3: the {@link FormStepMix} through {@link StateServerSessionDataStore} against our state server (a
 * separate process), and the same load against redis-server: a GET of the session's bytes and a SET of its new
 * bytes through Jedis, which is what a Redis-backed session store does for a form step.
 */
public final class StateServerBenchmark
{
    static final List<Integer> CALLERS = List.of(1, 4, 16);
    static final Target TARGET = Target.ratioAtLeast(1.0);
    static final List<String> SERVER_JVM = List.of("-Xms1g", "-Xmx1g");
    private static final long SESSION_TTL_MS = TimeUnit.MINUTES.toMillis(30);

    private StateServerBenchmark()
    {
    }

    public static void run(RunSettings settings, ResultTable table, Machine machine) throws Exception
    {
        Optional<Path> redisBinary = RedisInstance.find();
        redisBinary.ifPresent(binary -> machine.version("Redis", RedisInstance.version(binary)
            + " (--save \"\" --appendonly no)"));
        int sessions = settings.count(1024, 64);
        FormStepMix mix = new FormStepMix("state-" + UUID.randomUUID().toString().substring(0, 8));
        try (StateServerInstance server = StateServerInstance.start(settings, "state-server-throughput", SERVER_JVM,
                 List.of("--max-memory", "512m"));
             StateServerClient client = server.client(SessionConfig.defaults().poolSize(), Duration.ofSeconds(10));
             RedisInstance redis = redisBinary.map(b -> RedisInstance.startVolatile(settings, b, "redis-throughput"))
                 .orElse(null))
        {
            StateServerSessionDataStore store = new StateServerSessionDataStore(SessionConfig.builder()
                .set(SessionSetting.WORKER_NAME, "bench").build(), SessionCodec.builder().build(),
                new SimpleMeterRegistry(), client);
            store.initialize(FormStepMix.context("bench"));
            store.start();
            mix.createSessions(store, sessions);
            byte[][] blobs = redis == null ? null : sessionBlobs(mix);
            if (redis != null)
                createRedisSessions(redis, mix, sessions, blobs);
            for (int callers : CALLERS)
            {
                List<Rounds.Contender> contenders = new ArrayList<>();
                contenders.add((warmUp, window) -> ClosedLoop.run(callers, warmUp, window,
                    index -> mix.caller(store, index, callers, sessions)));
                if (redis != null)
                    contenders.add((warmUp, window) -> redisFormSteps(redis, mix, callers, sessions, blobs, warmUp,
                        window));
                List<Throughput> results = Rounds.compare(contenders, settings.warmUp(), settings.window(),
                    settings.rounds());
                table.add(Row.higherIsBetter("state server, form steps/s, " + callers + " caller"
                    + (callers > 1 ? "s" : ""), results.get(0).measurement("ops/s"), redis == null
                    ? Measurement.unavailable("no redis-server on this machine") : results.get(1).measurement("ops/s"),
                    TARGET));
            }
            store.stop();
        }
        table.note("State server: ours = the same operation as the SQL store's through StateServerSessionDataStore "
            + "and the pipelining client (Kryo decode and encode included) against the state server process ("
            + String.join(" ", SERVER_JVM) + ", no --data-dir); peer = Jedis GET of the session's 2 KB (Java-"
            + "serialized, as a whole-session store keeps it) and SET of the new bytes with a 30 min expiry, one "
            + "pooled connection per caller, no (de)serialization counted. " + RunSettings.describeRounds(settings));
    }

    private static Throughput redisFormSteps(RedisInstance redis, FormStepMix mix, int callers, int sessions,
                                             byte[][] blobs, Duration warmUp, Duration window) throws Exception
    {
        try (JedisPooled jedis = redis.pooled(callers))
        {
            SetParams expiry = SetParams.setParams().px(SESSION_TTL_MS);
            return ClosedLoop.run(callers, warmUp, window, index -> new ClosedLoop.Operation()
            {
                private int next = index;
                private int step;

                @Override
                public void run()
                {
                    byte[] key = redisKey(mix, next);
                    next += callers;
                    if (next >= sessions)
                        next = index;
                    byte[] current = jedis.get(key);
                    if (current == null)
                        throw new IllegalStateException("session gone from Redis");
                    jedis.set(key, blobs[step++ % blobs.length], expiry);
                }
            });
        }
    }

    private static void createRedisSessions(RedisInstance redis, FormStepMix mix, int sessions, byte[][] blobs)
    {
        try (JedisPooled jedis = redis.pooled(1))
        {
            SetParams expiry = SetParams.setParams().px(SESSION_TTL_MS);
            for (int i = 0; i < sessions; i++)
                jedis.set(redisKey(mix, i), blobs[i % blobs.length], expiry);
        }
    }

    private static byte[] redisKey(FormStepMix mix, int session)
    {
        return ("session:" + mix.sessionId(session)).getBytes(StandardCharsets.UTF_8);
    }

    /** A few versions of a whole session, Java-serialized as Jetty's stores would: what Redis gets and gives. */
    private static byte[][] sessionBlobs(FormStepMix mix) throws IOException
    {
        byte[][] blobs = new byte[8][];
        for (int b = 0; b < blobs.length; b++)
        {
            org.eclipse.jetty.session.SessionData data = new org.eclipse.jetty.session.SessionData(mix.sessionId(b),
                "_", "0.0.0.0", 0, 0, 0, SESSION_TTL_MS);
            for (int a = 0; a < FormStepMix.ATTRIBUTES; a++)
                data.setAttribute(FormStepMix.attributeName(a), mix.attributeValue(b, a));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes))
            {
                org.eclipse.jetty.session.SessionData.serializeAttributes(data, out);
            }
            blobs[b] = bytes.toByteArray();
        }
        return blobs;
    }
}
