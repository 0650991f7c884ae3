package dev.sessionfarm.bench.recovery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.farm.FarmBenchmark;
import dev.sessionfarm.bench.farm.FormStepLoad;
import dev.sessionfarm.bench.farm.LocalFarm;
import dev.sessionfarm.bench.process.PostgresDatabase;
import dev.sessionfarm.bench.report.Machine;
import dev.sessionfarm.bench.report.Measurement;
import dev.sessionfarm.bench.report.ResultTable;
import dev.sessionfarm.bench.report.Row;
import dev.sessionfarm.bench.report.Target;
import dev.sessionfarm.bench.stateserver.BulkSessions;
import dev.sessionfarm.bench.stateserver.RedisInstance;
import dev.sessionfarm.bench.stateserver.StateServerInstance;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StateServerClient;
import org.eclipse.jetty.client.HttpClient;
import redis.clients.jedis.Jedis;

/**
 * Benchmark 6: how soon a restarted process serves again. A node: from starting its JVM to its first answered
 * request for an existing session (state-server and postgres mode, where the session survives; memory mode, where
 * it cannot, is the baseline). The state server with a data directory of many sessions: from starting its JVM to
 * its first answered load; Redis loading a snapshot of the same sessions is the peer.
 */
public final class RecoveryBenchmark
{
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    private RecoveryBenchmark()
    {
    }

    public static void run(RunSettings settings, ResultTable table, Machine machine) throws Exception
    {
        int restarts = settings.count(3, 1);
        Measurement memory;
        Measurement stateServerMode;
        Measurement postgresMode;
        HttpClient http = FormStepLoad.newClient(4);
        try (PostgresDatabase database = PostgresDatabase.open(settings))
        {
            memory = nodeRestart(settings, http, database, LocalFarm.MEMORY, restarts);
            stateServerMode = nodeRestart(settings, http, database, LocalFarm.STATE_SERVER, restarts);
            postgresMode = nodeRestart(settings, http, database, LocalFarm.POSTGRES, restarts);
        }
        finally
        {
            http.stop();
        }
        table.add(Row.lowerIsBetter("node restart to first served request: state-server mode vs memory mode",
            stateServerMode, memory, Target.none()));
        table.add(Row.lowerIsBetter("node restart to first served request: postgres mode vs memory mode",
            postgresMode, memory, Target.none()));
        int sessions = settings.count(100_000, 5_000);
        BulkSessions bulk = new BulkSessions();
        Measurement ours = stateServerRestart(settings, bulk, sessions, restarts);
        Measurement peer = redisRestart(settings, bulk, sessions, restarts);
        table.add(Row.lowerIsBetter(String.format(Locale.ROOT, "state server restart to serving, %,d sessions in "
            + "--data-dir", sessions), ours, peer, Target.none()));
        table.note("Recovery: median of " + restarts + " restarts. Node: SIGTERM, then a new JVM ("
            + String.join(" ", FarmBenchmark.jvmOptions(settings)) + ") until GET survey page 3 with an existing "
            + "session's cookie answers 200, showing that session's CSRF token in the modes that keep it. State "
            + "server: SIGTERM, then a new JVM until a load of a stored session answers; peer = redis-server "
            + "loading an RDB snapshot of the same sessions, until a GET answers.");
    }

    private static Measurement nodeRestart(RunSettings settings, HttpClient http, PostgresDatabase database,
                                           String mode, int restarts)
        throws Exception
    {
        List<Long> millis = new ArrayList<>();
        try (LocalFarm farm = LocalFarm.start(settings, mode, 1, database.anotherDatabase(),
            FarmBenchmark.jvmOptions(settings)))
        {
            URI node = farm.node(0);
            FormStepLoad.Person person = FormStepLoad.visit(http, node, null);
            boolean sessionSurvives = !mode.equals(LocalFarm.MEMORY);
            for (int r = 0; r < restarts; r++)
            {
                farm.stopNode(0);
                long started = System.nanoTime();
                farm.startNode(0);
                awaitTrue("node in " + mode + " mode to serve", () -> serves(http, node, person, sessionSurvives));
                millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        }
        return median(millis);
    }

    private static boolean serves(HttpClient http, URI node, FormStepLoad.Person person, boolean sameSession)
    {
        try
        {
            FormStepLoad.Person after = FormStepLoad.visit(http, node, person.cookie());
            return !sameSession || after.csrfToken().equals(person.csrfToken());
        }
        catch (Exception notYet)
        {
            return false;
        }
    }

    private static Measurement stateServerRestart(RunSettings settings, BulkSessions bulk, int sessions,
                                                  int restarts)
        throws Exception
    {
        Path dataDir = Files.createDirectories(settings.workDir().resolve("state-server-recovery-data"));
        List<Long> millis = new ArrayList<>();
        try (StateServerInstance server = StateServerInstance.start(settings, "state-server-recovery",
            List.of("-Xmx1g"), List.of("--data-dir", dataDir.toString(), "--max-memory", "512m"));
             StateServerClient client = server.client(8, Duration.ofSeconds(5)))
        {
            bulk.writeTo(client, 0, sessions);
            String probe = BulkSessions.id(sessions / 2);
            for (int r = 0; r < restarts; r++)
            {
                server.stop();
                long started = System.nanoTime();
                server.launch();
                awaitTrue("state server to serve", () -> loads(client, probe));
                millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        }
        Measurement median = median(millis);
        return new Measurement(median.value(), median.unit(), median.detail() + ", data dir "
            + StateServerInstance.sizeOf(dataDir) / 1048576 + " MiB");
    }

    private static boolean loads(StateServerClient client, String id)
    {
        try
        {
            return client.load(BulkSessions.SCOPE, id, 0).status() == LoadResult.Status.FOUND;
        }
        catch (RuntimeException notYet)
        {
            return false;
        }
    }

    private static Measurement redisRestart(RunSettings settings, BulkSessions bulk, int sessions, int restarts)
        throws Exception
    {
        Optional<Path> binary = RedisInstance.find();
        if (binary.isEmpty())
            return Measurement.unavailable("no redis-server on this machine");
        Path dataDir = Files.createDirectories(settings.workDir().resolve("redis-recovery-data"));
        List<Long> millis = new ArrayList<>();
        try (RedisInstance redis = RedisInstance.start(settings, binary.get(), "redis-recovery", List.of("--dir",
            dataDir.toString(), "--dbfilename", "sessions.rdb", "--save", "", "--appendonly", "no")))
        {
            try (Jedis jedis = redis.connection())
            {
                bulk.writeTo(jedis, 0, sessions);
                jedis.save();
            }
            byte[] probe = BulkSessions.id(sessions / 2).getBytes(StandardCharsets.UTF_8);
            for (int r = 0; r < restarts; r++)
            {
                redis.stop();
                long started = System.nanoTime();
                redis.launch();
                awaitTrue("Redis to serve", () -> gets(redis, probe));
                millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        }
        return median(millis);
    }

    private static boolean gets(RedisInstance redis, byte[] key)
    {
        try (Jedis jedis = redis.connection())
        {
            return jedis.get(key) != null;
        }
        catch (RuntimeException notYet)
        {
            return false;
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition)
    {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
                throw new IllegalStateException("gave up waiting for " + what + " after " + GIVE_UP.toSeconds() + " s");
            try
            {
                Thread.sleep(5);
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static Measurement median(List<Long> millis)
    {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return new Measurement(sorted.get(sorted.size() / 2), "ms", "runs " + millis.stream().map(String::valueOf)
            .reduce((a, b) -> a + ", " + b).orElse(""));
    }
}
