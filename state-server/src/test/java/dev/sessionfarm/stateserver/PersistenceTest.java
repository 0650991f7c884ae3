package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateclient.StateServerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.sessionfarm.stateserver.Sessions.attributes;
import static dev.sessionfarm.stateserver.Sessions.metadata;
import static dev.sessionfarm.stateserver.Sessions.uniqueScope;
import static dev.sessionfarm.stateserver.Sessions.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --data-dir: what survives a clean stop, a kill -9, a torn log tail and compaction. */
class PersistenceTest
{
    private StateServerFixture server;

    @AfterEach
    void stopServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void sessionsSurviveACleanRestart()
    {
        server = StateServerFixture.create(true).withDataDir();
        server.start();
        StateServerClient client = server.client();
        String scope = uniqueScope();
        for (int i = 0; i < 50; i++)
        {
            client.save(SaveRequest.replace(scope, "s" + i, 0, metadata(1_000, 0), attributes("a", "1", "b", "2")));
            client.save(SaveRequest.delta(scope, "s" + i, 1, metadata(2_000, 90_000), attributes("a", "x" + i),
                List.of("b")));
        }
        client.touch(scope, "s7", metadata(3_000, 99_000, "node-z"));
        client.delete(scope, "s9", 0);

        server.stop();
        server.start();

        LoadResult s3 = client.load(scope, "s3", 0);
        assertEquals(2, s3.version());
        assertEquals(Map.of("a", "x3"), values(s3));
        assertEquals(metadata(2_000, 90_000), s3.metadata());
        assertEquals(metadata(3_000, 99_000, "node-z"), client.load(scope, "s7", 0).metadata());
        assertEquals(LoadResult.Status.NOT_FOUND, client.load(scope, "s9", 0).status());
        assertEquals(49, client.stats().activeSessions());
        assertTrue(server.logText().contains("recovered 49 sessions"), server.logText());
    }

    @Test
    void withoutDataDirARestartLosesEverything()
    {
        server = StateServerFixture.startWithKey();
        StateServerClient client = server.client();
        String scope = uniqueScope();
        client.save(SaveRequest.replace(scope, "s", 0, metadata(1_000, 0), attributes("a", "1")));
        server.stop();
        server.start();
        assertEquals(LoadResult.Status.NOT_FOUND, client.load(scope, "s", 0).status());
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillNineWithFsyncAlways() throws Exception
    {
        server = StateServerFixture.create(true, "--fsync", "always").withDataDir();
        server.start();
        StateServerClient client = server.client(builder -> builder.poolSize(4).networkTimeout(Duration.ofSeconds(5)));
        String scope = uniqueScope();
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        AtomicLong acks = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++)
        {
            int writer = w;
            Thread thread = new Thread(() ->
            {
                try
                {
                    for (long round = 1;; round++)
                    {
                        for (int s = 0; s < 25; s++)
                        {
                            String id = "w" + writer + "-s" + s;
                            SaveRequest save = round == 1
                                ? SaveRequest.replace(scope, id, 0, metadata(round, 0), attributes("v", "1"))
                                : SaveRequest.delta(scope, id, round - 1, metadata(round, 0),
                                    attributes("v", String.valueOf(round)), List.of());
                            long version = client.save(save).newVersion();
                            acknowledged.put(id, version);
                            acks.incrementAndGet();
                        }
                    }
                }
                catch (StateServerException expected)
                {
                    // The server was killed under us: everything acknowledged before this must have survived.
                }
            });
            thread.start();
            writers.add(thread);
        }
        StateServerFixture.waitUntil(Duration.ofSeconds(60), () -> acks.get() >= 3_000, "3 000 acknowledged saves");
        server.kill9();
        for (Thread writer : writers)
        {
            writer.join(30_000);
        }
        Map<String, Long> expected = Map.copyOf(acknowledged);

        server.start();
        for (Map.Entry<String, Long> entry : expected.entrySet())
        {
            LoadResult loaded = client.load(scope, entry.getKey(), 0);
            assertEquals(LoadResult.Status.FOUND, loaded.status(), entry.getKey());
            assertTrue(loaded.version() >= entry.getValue(),
                entry.getKey() + " acknowledged at " + entry.getValue() + ", recovered at " + loaded.version());
            assertEquals(Map.of("v", String.valueOf(loaded.version())), values(loaded));
        }
        assertEquals(100, expected.size());
    }

    @Test
    void aTornLogTailIsCutOffAndLoggedInsteadOfRefusingToStart() throws IOException
    {
        server = StateServerFixture.create(true, "--fsync", "always").withDataDir();
        server.start();
        StateServerClient client = server.client();
        String scope = uniqueScope();
        for (int i = 0; i < 10; i++)
        {
            client.save(SaveRequest.replace(scope, "s" + i, 0, metadata(1_000, 0), attributes("a", "v" + i)));
        }
        server.kill9();
        Path log = newestLog(server.dataDir());
        long intactSize = Files.size(log);
        // A record header promising 500 bytes, followed by only a few: what a crash mid-write leaves behind.
        Files.write(log, ByteBuffer.allocate(14).putInt(500).putInt(0xCAFE).put(new byte[] {1, 2, 3, 4, 5, 6}).array(),
            StandardOpenOption.APPEND);

        server.start();

        assertTrue(server.logText().contains("torn tail at byte " + intactSize), server.logText());
        assertEquals(intactSize, Files.size(log));
        try (Stream<Path> aside = Files.list(server.dataDir().resolve(Recovery.DAMAGED_DIR)))
        {
            List<Path> kept = aside.toList();
            assertEquals(1, kept.size(), kept.toString());
            assertEquals(14, Files.size(kept.get(0)), "the cut bytes are kept: " + kept);
        }
        for (int i = 0; i < 10; i++)
        {
            assertEquals(Map.of("a", "v" + i), values(client.load(scope, "s" + i, 0)));
        }
        client.save(SaveRequest.delta(scope, "s0", 1, metadata(2_000, 0), attributes("a", "after"), List.of()));
        server.stop();
        server.start();
        assertEquals(Map.of("a", "after"), values(client.load(scope, "s0", 0)));
    }

    @Test
    void compactionWritesASnapshotDropsOldLogsAndRecoversFromThem() throws IOException
    {
        server = StateServerFixture.create(true, "--compact-after", "64k").withDataDir();
        server.start();
        StateServerClient client = server.client();
        String scope = uniqueScope();
        byte[] value = new byte[2_000];
        for (int i = 0; i < 40; i++)
        {
            client.save(SaveRequest.replace(scope, "s" + (i % 4), 0, metadata(1_000 + i, 0),
                Map.of("blob", value, "i", Sessions.bytes(String.valueOf(i)))));
        }
        StateServerFixture.waitUntil(Duration.ofSeconds(30), () -> server.logText().contains("snapshot written"),
            "a snapshot");
        assertTrue(files(server.dataDir(), "snapshot-").size() == 1);
        assertTrue(files(server.dataDir(), "log-").stream().noneMatch(path -> path.toString().endsWith("1.sfl")),
            "the first log generation is covered by the snapshot and removed");

        client.save(SaveRequest.delta(scope, "s1", 10, metadata(5_000, 0), attributes("i", "after"), List.of()));
        server.kill9();
        server.start();
        assertEquals("36", values(client.load(scope, "s0", 0)).get("i"));
        assertEquals("after", values(client.load(scope, "s1", 0)).get("i"));
        assertEquals(4, client.stats().activeSessions());
    }

    @Test
    void aFormat1DataDirIsStillReadAndContinuedInFormat2() throws IOException
    {
        server = StateServerFixture.create(true).withDataDir();
        server.start();
        StateServerClient client = server.client();
        String scope = uniqueScope();
        for (int i = 0; i < 10; i++)
        {
            client.save(SaveRequest.replace(scope, "s" + i, 0, metadata(1_000, 0), attributes("a", "v" + i)));
        }
        server.stop();
        Path log = newestLog(server.dataDir());
        Files.write(log, toFormat1(Files.readAllBytes(log)));

        server.start();
        client = server.client();
        client.save(SaveRequest.delta(scope, "s0", 1, metadata(2_000, 0), attributes("a", "after"), List.of()));
        server.stop();
        server.start();
        client = server.client();

        assertTrue(server.logText().contains("recovered 10 sessions"), server.logText());
        assertEquals(Map.of("a", "after"), values(client.load(scope, "s0", 0)));
        assertEquals(Map.of("a", "v9"), values(client.load(scope, "s9", 0)));
        assertEquals("SFL1", new String(Files.readAllBytes(log), 0, 4, StandardCharsets.US_ASCII));
        assertEquals("SFL2", new String(Files.readAllBytes(newestLog(server.dataDir())), 0, 4,
            StandardCharsets.US_ASCII), "writing continues in a new generation of the current format");
    }

    /** A format 2 log as the previous version wrote it: 12-byte header, records without sync marker. */
    private static byte[] toFormat1(byte[] format2)
    {
        ByteBuffer in = ByteBuffer.wrap(format2);
        ByteBuffer out = ByteBuffer.allocate(format2.length);
        out.put("SFL1".getBytes(StandardCharsets.US_ASCII)).putLong(in.getLong(4));
        for (int at = 16; at < format2.length;)
        {
            int length = in.getInt(at + 4);
            out.putInt(length).putInt(LogRecords.legacyCrc(format2, at + 12, length)).put(format2, at + 12, length);
            at += 12 + length;
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    private static Path newestLog(Path dataDir) throws IOException
    {
        List<Path> logs = files(dataDir, "log-");
        return logs.get(logs.size() - 1);
    }

    private static List<Path> files(Path dataDir, String prefix) throws IOException
    {
        try (Stream<Path> files = Files.list(dataDir))
        {
            return files.filter(path -> path.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }
}
