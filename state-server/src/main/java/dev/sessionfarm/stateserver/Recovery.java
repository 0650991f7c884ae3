package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up: loads the newest snapshot and replays the logs after it, and decides whether the server may start.
 * Damage only at the very end of the newest log (what a crash during a write leaves) is cut off, after the cut
 * bytes are copied into {@code damaged/}. Any other damage, or a missing file, would cost acknowledged records, so
 * the start is refused with a list of what is damaged, and nothing is changed; with repair, every damaged file is
 * first copied into {@code damaged/}, every intact record is loaded, and what could not be read is reported.
 */
final class Recovery
{
    static final String DAMAGED_DIR = "damaged";
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    /**
     * Where writing continues: the snapshot generation loaded (0: none), the newest log generation (0: none), and
     * whether a fresh generation must be written (after a repair, or to leave a format 1 log behind).
     */
    record Outcome(long snapshotGeneration, long newestLog, boolean newestLogWritable, boolean repaired,
        long logRecords)
    {
    }

    private final DataDir dir;
    private final SessionStore store;
    private final boolean repair;
    private final List<String> problems = new ArrayList<>();
    private final List<Path> damagedFiles = new ArrayList<>();
    private final String stamp = STAMP.format(Instant.now());
    private RecordScanner.Result tornTail;
    private boolean tornHeader;

    private Recovery(DataDir dir, SessionStore store, boolean repair)
    {
        this.dir = dir;
        this.store = store;
        this.repair = repair;
    }

    static Outcome run(DataDir dir, SessionStore store, boolean repair) throws IOException
    {
        return new Recovery(dir, store, repair).run();
    }

    private Outcome run() throws IOException
    {
        List<Long> snapshots = dir.generations(DataDir.SNAPSHOT_PREFIX, DataDir.SNAPSHOT_SUFFIX);
        long base = snapshots.isEmpty() ? 0 : snapshots.get(snapshots.size() - 1);
        if (base > 0)
        {
            loadSnapshot(dir.snapshot(base));
        }
        List<Long> logs = dir.generations(DataDir.LOG_PREFIX, DataDir.LOG_SUFFIX).stream()
            .filter(generation -> generation >= base).toList();
        checkNoneMissing(base, logs);
        long records = 0;
        boolean writable = true;
        for (int i = 0; i < logs.size(); i++)
        {
            boolean newest = i == logs.size() - 1;
            RecordScanner.Result log = replayLog(MutationLog.file(dir.path(), logs.get(i)), newest);
            records += log.records();
            writable = log.format() == 2;
        }
        if (!problems.isEmpty())
        {
            if (!repair)
            {
                throw new DamagedDataException(refusal());
            }
            setAsideDamagedFiles();
        }
        if (tornTail != null)
        {
            cutTornTail(tornTail);
        }
        if (tornHeader)
        {
            restartLog(MutationLog.file(dir.path(), logs.get(logs.size() - 1)), logs.get(logs.size() - 1));
        }
        if (!problems.isEmpty())
        {
            LOG.warn("repairing {}: loaded every intact record ({} sessions); could NOT recover:\n  - {}\nthe damaged"
                + " files are kept in {}; writing a fresh generation", dir.path(), store.sessionCount(),
                String.join("\n  - ", problems), dir.path().resolve(DAMAGED_DIR));
        }
        else if (repair)
        {
            LOG.info("--repair: nothing to repair in {}", dir.path());
        }
        return new Outcome(base, logs.isEmpty() ? 0 : logs.get(logs.size() - 1), writable, !problems.isEmpty(),
            records);
    }

    /** Compaction always writes log G before snapshot G, and a new generation only after the previous one. */
    private void checkNoneMissing(long base, List<Long> logs)
    {
        long expected = base > 0 ? base : 1;
        if (base == 0 && !logs.isEmpty() && logs.get(0) > 1)
        {
            problems.add(dir.snapshot(logs.get(0)).getFileName() + " is missing: the sessions written before log"
                + " generation " + logs.get(0) + " are gone (" + logs.size() + " later log file(s) are intact"
                + " enough to read)");
            expected = logs.get(0);
        }
        for (long generation : logs)
        {
            for (; expected < generation; expected++)
            {
                problems.add(MutationLog.file(dir.path(), expected).getFileName() + " is missing: the changes of"
                    + " log generation " + expected + " are gone");
            }
            expected = generation + 1;
        }
        if (base > 0 && logs.isEmpty())
        {
            problems.add(MutationLog.file(dir.path(), base).getFileName() + " is missing: the changes made since"
                + " snapshot generation " + base + " are gone");
        }
    }

    private void loadSnapshot(Path file) throws IOException
    {
        long[] sessions = {0};
        boolean[] end = {false};
        RecordScanner.Result snapshot = RecordScanner.scan(file, Persistence.SNAPSHOT_MAGIC_1,
            Persistence.SNAPSHOT_MAGIC, 1, (body, offset) ->
            {
                if (body[0] == LogRecords.SNAPSHOT_END)
                {
                    end[0] = true;
                }
                else if (apply(file, body, offset))
                {
                    sessions[0]++;
                }
            });
        describeDamage(snapshot);
        if (!snapshot.headerIntact())
        {
            problems.add(snapshot.name() + ": its header (bytes 0-" + RecordScanner.headerBytes(1) + ") is"
                + " unreadable, so the number of sessions it should hold is unknown");
        }
        if (snapshot.headerValue() > sessions[0])
        {
            problems.add(snapshot.name() + ": " + (snapshot.headerValue() - sessions[0]) + " of the "
                + snapshot.headerValue() + " sessions it holds could not be read");
        }
        else if (!end[0] && snapshot.intact())
        {
            problems.add(snapshot.name() + ": ends at byte " + snapshot.size() + " without its end record: it was"
                + " cut short, the sessions after that are lost");
        }
    }

    private RecordScanner.Result replayLog(Path file, boolean newest) throws IOException
    {
        long size = Files.size(file);
        if (newest && size < RecordScanner.headerBytes(0))
        {
            LOG.warn("log {} has an incomplete header ({} bytes, cut off by a crash while it was created); starting"
                + " it afresh", file, size);
            tornHeader = true;
            return new RecordScanner.Result(file, 2, size, 0, List.of(), false, -1);
        }
        RecordScanner.Result log = RecordScanner.scan(file, MutationLog.FILE_MAGIC_1, MutationLog.FILE_MAGIC, 0,
            (body, offset) -> apply(file, body, offset));
        if (newest && log.onlyTornTail())
        {
            tornTail = log;
        }
        else
        {
            describeDamage(log);
        }
        return log;
    }

    private boolean apply(Path file, byte[] body, long offset)
    {
        try
        {
            return LogRecords.apply(body, store) == LogRecords.PUT;
        }
        catch (RuntimeException e)
        {
            // The checksum matched, so this is not damage but a record this version cannot apply.
            LOG.error("{}: skipping a record at byte {} that cannot be applied ({})", file, offset, e.getMessage());
            return false;
        }
    }

    private void describeDamage(RecordScanner.Result file)
    {
        if (file.intact())
        {
            return;
        }
        damagedFiles.add(file.file());
        for (RecordScanner.Damage damage : file.damages())
        {
            if (damage.from() == 0 && !file.headerIntact())
            {
                if (file.name().endsWith(DataDir.LOG_SUFFIX))
                {
                    problems.add(file.name() + ": its header (bytes 0-" + damage.to() + ") is unreadable");
                }
                continue;
            }
            problems.add(file.name() + ": bytes " + damage.from() + "-" + damage.to() + " of " + file.size()
                + " are unreadable (about " + damage.records() + " record(s)); " + damage.intactRecordsAfter()
                + " intact record(s) follow"
                + (file.format() == 1 ? " (a format 1 file: records after damage cannot be found again)" : ""));
        }
    }

    private String refusal()
    {
        return "data directory " + dir.path() + " is damaged; refusing to start so that nothing more is lost:\n  - "
            + String.join("\n  - ", problems) + "\nStart once with --repair to load every intact record (the"
            + " damaged files are first copied into " + dir.path().resolve(DAMAGED_DIR) + ", then a fresh"
            + " generation is written and verified, and what could not be recovered is reported), or restore"
            + " the directory from a backup.";
    }

    /** Whole copies, so the compaction that follows a repair may replace the originals. */
    private void setAsideDamagedFiles() throws IOException
    {
        Path aside = Files.createDirectories(dir.path().resolve(DAMAGED_DIR));
        for (Path file : damagedFiles)
        {
            Path copy = aside.resolve(file.getFileName() + ".damaged-" + stamp);
            Files.copy(file, copy);
            force(copy);
        }
        DataDir.syncDirectory(aside);
    }

    private void cutTornTail(RecordScanner.Result log) throws IOException
    {
        long intact = log.damages().get(0).from();
        Path aside = Files.createDirectories(dir.path().resolve(DAMAGED_DIR));
        Path copy = aside.resolve(log.name() + ".torn-" + stamp);
        try (FileChannel in = FileChannel.open(log.file(), StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            for (long at = intact; at < log.size();)
            {
                at += in.transferTo(at, log.size() - at, out);
            }
            out.force(true);
            DataDir.syncDirectory(aside);
            in.truncate(intact);
            in.force(true);
        }
        LOG.warn("log {}: torn tail at byte {} ({} bytes after the last intact record, as a crash during a write"
            + " leaves them); cut off, the cut bytes are kept in {}", log.file(), intact, log.size() - intact,
            copy);
    }

    private void restartLog(Path file, long generation) throws IOException
    {
        if (Files.size(file) > 0)
        {
            Path aside = Files.createDirectories(dir.path().resolve(DAMAGED_DIR));
            Files.copy(file, aside.resolve(file.getFileName() + ".torn-" + stamp));
            force(aside.resolve(file.getFileName() + ".torn-" + stamp));
            DataDir.syncDirectory(aside);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(0);
            MutationLog.writeHeader(channel, generation);
        }
    }

    private static void force(Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
    }
}
