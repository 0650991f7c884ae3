package dev.sessionfarm.bench.stateserver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.report.Machine;
import dev.sessionfarm.bench.report.Measurement;
import dev.sessionfarm.bench.report.ResultTable;
import dev.sessionfarm.bench.report.Row;
import dev.sessionfarm.bench.report.Target;
import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.stateclient.StateServerClient;
import redis.clients.jedis.Jedis;

/**
 * Benchmark 5: what the state server's heap holds per byte of session data, at two session counts: the live heap
 * (jcmd GC.class_histogram, which runs a full GC first) after writing the sessions, less the live heap of the same
 * server before. Redis's used_memory for the same keys and values is the peer.
 */
public final class MemoryBenchmark
{
    static final Target TARGET = Target.oursAtMost(1.3, "B/B");
    static final List<String> SERVER_JVM = List.of("-Xms3g", "-Xmx3g");

    private MemoryBenchmark()
    {
    }

    public static void run(RunSettings settings, ResultTable table, Machine machine) throws Exception
    {
        List<Integer> counts = settings.quick() ? List.of(10_000, 30_000) : List.of(100_000, 1_000_000);
        BulkSessions sessions = new BulkSessions();
        List<Measurement> ours = new ArrayList<>();
        try (StateServerInstance server = StateServerInstance.start(settings, "state-server-memory", SERVER_JVM,
            List.of("--max-memory", "2g"));
             StateServerClient client = server.client(8, Duration.ofSeconds(30)))
        {
            client.ping();
            long before = liveHeapBytes(server.pid());
            int written = 0;
            for (int count : counts)
            {
                sessions.writeTo(client, written, count);
                written = count;
                ours.add(perStoredByte(liveHeapBytes(server.pid()) - before, count, "heap"));
            }
        }
        List<Measurement> peers = redisPerStoredByte(settings, sessions, counts);
        for (int i = 0; i < counts.size(); i++)
            table.add(Row.lowerIsBetter(String.format(Locale.ROOT, "memory per stored byte, %,d sessions of 1 KB",
                counts.get(i)), ours.get(i), peers.get(i), TARGET));
        table.note("Memory: stored bytes = " + BulkSessions.VALUE_BYTES + " value bytes per session (ids, names and "
            + "metadata are overhead). Ours = growth of the state server's live heap (jcmd GC.class_histogram total, "
            + "after a full GC; " + String.join(" ", SERVER_JVM) + "); peer = growth of Redis used_memory for the same "
            + "ids and values with an expiry (PSETEX).");
    }

    private static List<Measurement> redisPerStoredByte(RunSettings settings, BulkSessions sessions,
                                                        List<Integer> counts)
    {
        Optional<Path> binary = RedisInstance.find();
        List<Measurement> peers = new ArrayList<>();
        if (binary.isEmpty())
        {
            counts.forEach(c -> peers.add(Measurement.unavailable("no redis-server on this machine")));
            return peers;
        }
        try (RedisInstance redis = RedisInstance.startVolatile(settings, binary.get(), "redis-memory");
             Jedis jedis = redis.connection())
        {
            long before = usedMemory(jedis);
            int written = 0;
            for (int count : counts)
            {
                sessions.writeTo(jedis, written, count);
                written = count;
                peers.add(perStoredByte(usedMemory(jedis) - before, count, "used_memory"));
            }
        }
        return peers;
    }

    private static Measurement perStoredByte(long grownBytes, int sessions, String what)
    {
        double stored = (double)sessions * BulkSessions.VALUE_BYTES;
        return new Measurement(grownBytes / stored, "B/B", String.format(Locale.ROOT, "%s +%.0f MiB for %.0f MiB",
            what, grownBytes / 1048576.0, stored / 1048576.0));
    }

    private static long usedMemory(Jedis jedis)
    {
        for (String line : jedis.info("memory").split("\r?\n"))
        {
            if (line.startsWith("used_memory:"))
                return Long.parseLong(line.substring("used_memory:".length()).strip());
        }
        throw new IllegalStateException("Redis INFO memory has no used_memory");
    }

    /** The "Total" line of a class histogram: bytes of all objects still reachable after a full GC. */
    static long liveHeapBytes(long pid) throws IOException, InterruptedException
    {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        ChildProcess process = ChildProcess.command(jcmd.toString(), String.valueOf(pid), "GC.class_histogram").start();
        process.awaitSuccess(Duration.ofSeconds(120));
        // The Total line is the last: among the kept lines however long the histogram.
        for (String line : process.lines())
        {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 3 && parts[0].equals("Total"))
                return Long.parseLong(parts[2]);
        }
        throw new IllegalStateException("no Total in the class histogram of " + pid + ": " + process.tail());
    }
}
