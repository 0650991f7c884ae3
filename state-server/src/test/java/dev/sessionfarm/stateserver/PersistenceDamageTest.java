package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StateServerClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.sessionfarm.stateserver.Sessions.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damage to a data directory costs only the records it touches. A real state server writes 1,000 acknowledged
 * sessions (several versions each, a snapshot and a log); then each case damages a copy of that directory, starts
 * recovery on it without and with repair, and counts the acknowledged sessions recovered at their latest version
 * and those lost. The matrix runs recovery in this JVM (the code the server runs at start, on real files); the
 * last test goes through real server processes and the command line.
 */
class PersistenceDamageTest
{
    private static final int SESSIONS = 1_000;
    private static final int REWRITTEN_AFTER_SNAPSHOT = 300;
    private static final long SEED = 15;

    private static Path pristine;
    private static String scope;
    private static final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private static DataDirRecords layout;
    private static String log;
    private static String snapshot;

    @BeforeAll
    static void writeADataDirThroughARealServer() throws Exception
    {
        // 1m: batch one (1.3 MB of log) triggers one compaction; what follows it (< 1 MB) cannot trigger a second.
        try (StateServerFixture server = StateServerFixture.create(true, "--compact-after", "1m").withDataDir())
        {
            server.start();
            scope = Sessions.uniqueScope();
            saveVersions(server.client(), 0, SESSIONS, 3);
            server.awaitLog("snapshot written", Duration.ofSeconds(30));
            saveVersions(server.client(), 0, REWRITTEN_AFTER_SNAPSHOT, 2);
            server.stop();
            assertTrue(server.logText().contains("log written, forced and closed"), server.logText());
            pristine = server.dir().resolve("pristine");
            copyTree(server.dataDir(), pristine);
        }
        layout = DataDirRecords.read(pristine);
        log = only(".sfl");
        snapshot = only(".sfs");
        for (Map.Entry<String, Long> ack : acknowledged.entrySet())
        {
            assertEquals(ack.getValue(), layout.effective.get(ack.getKey()).version(),
                "the intact copy holds every acknowledged version: " + ack.getKey());
        }
        assertTrue(layout.inFile(log).size() >= REWRITTEN_AFTER_SNAPSHOT, "the log holds the later versions");
    }

    @Test
    void damageCostsOnlyTheRecordsItTouches() throws IOException
    {
        List<String> violations = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        List<String> table = new ArrayList<>();
        table.add(String.format("%-44s %-9s %9s %5s %8s %8s", "case", "no flag", "recovered", "lost",
            "touched", "records"));
        for (DamageCase damage : cases())
        {
            CaseRun run = new CaseRun(damage, pristine, layout, acknowledged, scope);
            run.run();
            table.add(String.format("%-44s %-9s %9d %5d %8d %8d", damage.name(),
                run.startedWithoutRepair ? "started" : "refused", run.recovered, run.lost.size(),
                run.touchedSessions.size(), run.touchedRecords));
            violations.addAll(run.violations);
            if (run.refusal != null)
            {
                refusals.add(run.refusal);
            }
        }
        System.out.println("PersistenceDamageTest (" + acknowledged.size() + " acknowledged sessions; recovered and"
            + " lost count after the start without --repair, or with it where that was refused):\n"
            + String.join("\n", table) + "\nFor example:\n" + refusals.get(refusals.size() / 2));
        assertTrue(violations.isEmpty(), violations.size() + " violations:\n" + String.join("\n", violations));
    }

    @Test
    void theServerRefusesWithAClearMessageAndRepairsWhenTold() throws IOException
    {
        long middle = layout.inFile(log).get(layout.inFile(log).size() / 2).start() + 20;
        DamageCase damage = DamageCase.flip(log, middle, 0x10, false);
        try (StateServerFixture refused = StateServerFixture.create(true).withDataDir())
        {
            copyTree(pristine, refused.dataDir());
            damage.applyTo(refused.dataDir());
            IllegalStateException exit = assertThrows(IllegalStateException.class, refused::start);
            assertTrue(exit.getMessage().contains(log + ": bytes ") && exit.getMessage().contains("intact record(s)"
                + " follow") && exit.getMessage().contains("--repair"), exit.getMessage());

            try (StateServerFixture repaired = StateServerFixture.create(true, "--repair", "--data-dir",
                refused.dataDir().toString()))
            {
                repaired.start();
                StateServerClient client = repaired.client();
                Set<String> touched = CaseRun.touchedSessions(layout, damage);
                int recovered = 0;
                for (Map.Entry<String, Long> ack : acknowledged.entrySet())
                {
                    LoadResult loaded = client.load(scope, ack.getKey(), 0);
                    if (loaded.status() == LoadResult.Status.FOUND && loaded.version() == ack.getValue())
                    {
                        recovered++;
                    }
                    else
                    {
                        assertTrue(touched.contains(ack.getKey()), ack.getKey() + " lost but not touched");
                    }
                }
                assertEquals(acknowledged.size() - touched.size(), recovered);
                assertTrue(repaired.logText().contains(log), repaired.logText());
            }
        }
        try (StateServerFixture torn = StateServerFixture.create(true).withDataDir())
        {
            copyTree(pristine, torn.dataDir());
            DamageCase.tailCut(log, layout.sizes.get(log), 7, true).applyTo(torn.dataDir());
            torn.start();
            assertTrue(torn.logText().contains("torn tail"), torn.logText());
        }
    }

    private static List<DamageCase> cases()
    {
        Random random = new Random(SEED);
        long logSize = layout.sizes.get(log);
        long snapshotSize = layout.sizes.get(snapshot);
        long logTail = layout.lastRecordStart(log);
        List<DamageCase> cases = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            long offset = i == 0 ? 5 : random.nextLong(logSize);
            cases.add(DamageCase.flip(log, offset, 1 + random.nextInt(255), offset >= logTail));
        }
        for (int i = 0; i < 20; i++)
        {
            long offset = i == 0 ? 9 : random.nextLong(snapshotSize);
            cases.add(DamageCase.flip(snapshot, offset, 1 + random.nextInt(255), false));
        }
        cases.add(DamageCase.flip(log, logTail + 13, 0x40, true));
        for (int bytes : new int[] {1, 5, 12, 40})
        {
            cases.add(DamageCase.tailCut(log, logSize, bytes, true));
        }
        cases.add(DamageCase.tornAppend(log, logSize));
        cases.add(DamageCase.middleCut(log, logSize / 3, 1_000));
        cases.add(DamageCase.zeroPage(log, logSize, logSize / 2, false));
        cases.add(DamageCase.zeroPage(log, logSize, logSize - 1, true));
        for (int bytes : new int[] {5, 1_000})
        {
            cases.add(DamageCase.tailCut(snapshot, snapshotSize, bytes, false));
        }
        cases.add(DamageCase.middleCut(snapshot, snapshotSize / 2, 3_000));
        cases.add(DamageCase.zeroPage(snapshot, snapshotSize, snapshotSize / 3, false));
        cases.add(DamageCase.missing(log, logSize));
        cases.add(DamageCase.missing(snapshot, snapshotSize));
        return cases;
    }

    private static void saveVersions(StateServerClient client, int from, int to, int versions) throws Exception
    {
        List<Thread> writers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int w = 0; w < 4; w++)
        {
            int writer = w;
            Thread thread = new Thread(() ->
            {
                try
                {
                    for (int s = from + writer; s < to; s += 4)
                    {
                        saveSession(client, "s" + s, versions);
                    }
                }
                catch (RuntimeException e)
                {
                    synchronized (failures)
                    {
                        failures.add(e);
                    }
                }
            });
            thread.start();
            writers.add(thread);
        }
        for (Thread writer : writers)
        {
            writer.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }

    private static void saveSession(StateServerClient client, String id, int versions)
    {
        Long known = acknowledged.get(id);
        long version = known == null ? 0 : known;
        for (int i = 0; i < versions; i++)
        {
            Map<String, byte[]> attributes = Map.of("v", ("version " + (version + 1) + " of " + id + " "
                + "x".repeat(300)).getBytes(StandardCharsets.UTF_8));
            SaveRequest save = version == 0
                ? SaveRequest.replace(scope, id, 0, metadata(1_000 + version, 0), attributes)
                : SaveRequest.delta(scope, id, version, metadata(1_000 + version, 0), attributes, List.of());
            version = client.save(save).newVersion();
            acknowledged.put(id, version);
        }
    }

    private static String only(String suffix)
    {
        List<String> files = layout.sizes.keySet().stream().filter(name -> name.endsWith(suffix)).toList();
        assertEquals(1, files.size(), "one " + suffix + " file in " + layout.sizes.keySet());
        return files.get(0);
    }

    static void copyTree(Path from, Path to)
    {
        try (Stream<Path> files = Files.walk(from))
        {
            for (Path file : files.toList())
            {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(file, target);
                }
            }
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under the directory (but the lock), by relative path, with its content. */
    static Map<String, byte[]> contents(Path dir)
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            Map<String, byte[]> contents = new TreeMap<>();
            for (Path file : files.filter(Files::isRegularFile).toList())
            {
                String name = dir.relativize(file).toString();
                if (!name.equals("lock"))
                {
                    contents.put(name, Files.readAllBytes(file));
                }
            }
            return contents;
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    static boolean sameContents(Map<String, byte[]> a, Map<String, byte[]> b)
    {
        return a.keySet().equals(b.keySet())
            && a.keySet().stream().allMatch(name -> Arrays.equals(a.get(name), b.get(name)));
    }

    static String names(Map<String, byte[]> contents)
    {
        return contents.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue().length + " B)")
            .collect(Collectors.joining(", "));
    }
}
