package dev.sessionfarm.stateserver;

import dev.sessionfarm.stateclient.protocol.ErrorCode;
import dev.sessionfarm.stateclient.protocol.WireWriter;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The --data-dir persistence: recovery at start, the {@link Journal} that logs every mutation, and compaction
 * (write a snapshot of all sessions, then drop the log generations it covers).
 * <p>
 * Files: {@code snapshot-G.sfs} holds every session as of some moment after log generation G began;
 * {@code log-G.sfl}, {@code log-G+1.sfl}, ... hold every mutation since. Records are idempotent states, so
 * replaying log G over snapshot G yields the latest state even though the snapshot was written while G grew.
 */
final class Persistence implements Journal, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Persistence.class);
    static final byte[] SNAPSHOT_MAGIC = {'S', 'F', 'S', '1'};
    /** Unwritten log bytes beyond which mutations are refused: the disk is failing and memory must not fill up. */
    private static final int MAX_BACKLOG_BYTES = 64 << 20;
    private static final ThreadLocal<WireWriter> RECORD = ThreadLocal.withInitial(() -> new WireWriter(4096));

    private final DataDir dir;
    private final MutationLog log;
    private final SessionStore store;
    private final MutationLog.Fsync fsync;
    private final long compactAfterBytes;
    private volatile String lastSnapshot = "none yet";

    private Persistence(DataDir dir, MutationLog log, SessionStore store, MutationLog.Fsync fsync,
                        long compactAfterBytes) {
        this.dir = dir;
        this.log = log;
        this.store = store;
        this.fsync = fsync;
        this.compactAfterBytes = compactAfterBytes;
    }

    /** Locks the directory, loads the newest intact snapshot, replays the logs after it, and opens the log. */
    static Persistence open(Path path, MutationLog.Fsync fsync, long compactAfterBytes, SessionStore store)
            throws IOException {
        DataDir dir = DataDir.open(path);
        try {
            long started = System.nanoTime();
            dir.deleteTemporaryFiles();
            long base = loadNewestSnapshot(dir, store);
            List<Long> logs = dir.generations(DataDir.LOG_PREFIX, DataDir.LOG_SUFFIX);
            long records = 0;
            long last = -1;
            for (long generation : logs) {
                if (generation >= base) {
                    records += replayLog(MutationLog.file(path, generation), generation, store);
                    last = generation;
                }
            }
            FileChannel channel;
            if (last >= 0) {
                channel = FileChannel.open(MutationLog.file(path, last), StandardOpenOption.WRITE);
                channel.position(channel.size());
            } else {
                last = Math.max(1, base);
                channel = MutationLog.create(path, last);
            }
            LOG.info("recovered {} sessions ({}) from {} in {} ms: snapshot generation {}, {} log records",
                    store.sessionCount(), Sizes.format(store.bytesHeld()), path,
                    (System.nanoTime() - started) / 1_000_000, base == 0 ? "none" : base, records);
            Persistence persistence = new Persistence(dir, new MutationLog(path, fsync, last, channel), store, fsync,
                    compactAfterBytes);
            store.journalTo(persistence);
            return persistence;
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    @Override
    public void checkWritable() {
        if (log.backlogBytes() > MAX_BACKLOG_BYTES) {
            IOException failure = log.lastFailure();
            throw new RefusedException(ErrorCode.PERSISTENCE_FAILED, "the state server cannot write its log in "
                    + dir.path() + " (" + (failure == null ? "writes are behind" : failure.getMessage())
                    + "); changes are refused until it can, loads still work");
        }
    }

    @Override
    public void put(String scope, StoredSession session) {
        WireWriter record = RECORD.get().reset();
        LogRecords.put(record, scope, session);
        append(record);
    }

    @Override
    public void metadata(String scope, StoredSession session) {
        WireWriter record = RECORD.get().reset();
        LogRecords.metadata(record, scope, session);
        append(record);
    }

    @Override
    public void remove(String scope, StoredSession session) {
        WireWriter record = RECORD.get().reset();
        LogRecords.remove(record, scope, session.id);
        append(record);
    }

    /** Blocks until everything this thread has journaled is as durable as --fsync promises. */
    void awaitDurable() throws IOException {
        log.awaitDurable(log.appendedSeq());
    }

    /** The periodic fsync of {@code --fsync everysec}. */
    void syncNow() throws IOException {
        log.syncNow();
    }

    MutationLog.Fsync fsync() {
        return fsync;
    }

    /** Compacts once the log outgrows both the threshold and the live data, so rewriting stays proportionate. */
    void compactIfDue() throws IOException {
        if (log.fileBytes() > Math.max(compactAfterBytes, store.bytesHeld())) {
            compact();
        }
    }

    synchronized void compact() throws IOException {
        long started = System.nanoTime();
        long generation = log.rotate();
        Path target = dir.snapshot(generation);
        Path temporary = target.resolveSibling(target.getFileName() + DataDir.TEMPORARY_SUFFIX);
        long[] sessions = {0};
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE); OutputStream out = new BufferedOutputStream(
                Channels.newOutputStream(channel), 1 << 16)) {
            out.write(ByteBuffer.allocate(12).put(SNAPSHOT_MAGIC).putLong(generation).array());
            WireWriter record = new WireWriter(1 << 16);
            store.forEachSession(session -> {
                record.reset();
                LogRecords.put(record, store.scopeName(session.scope), session);
                writeUnchecked(out, record);
                record.shrinkTo(1 << 16);
                sessions[0]++;
            });
            LogRecords.snapshotEnd(record.reset(), sessions[0]);
            out.write(record.array(), 0, record.position());
            out.flush();
            channel.force(true);
        } catch (UncheckedIOException e) {
            Files.deleteIfExists(temporary);
            throw e.getCause();
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        DataDir.syncDirectory(dir.path());
        deleteGenerationsBefore(generation);
        lastSnapshot = "generation " + generation + " at " + Instant.now() + " (" + sessions[0] + " sessions, "
                + Sizes.format(Files.size(target)) + ")";
        LOG.info("snapshot written: {}, in {} ms; older log generations removed", lastSnapshot,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** One line for the stats: where, how durable, how big the log is, when the last snapshot was. */
    String describe() {
        return "data-dir " + dir.path() + ", fsync " + fsync + ", log generation " + log.generation() + " "
                + Sizes.format(log.fileBytes()) + ", last snapshot " + lastSnapshot
                + (log.lastFailure() != null ? ", LAST WRITE FAILED: " + log.lastFailure().getMessage() : "");
    }

    long logBytes() {
        return log.fileBytes();
    }

    @Override
    public void close() throws IOException {
        try {
            log.close();
        } finally {
            dir.close();
        }
    }

    private void append(WireWriter record) {
        log.append(record.array(), 0, record.position());
        record.shrinkTo(1 << 16);
    }

    private void deleteGenerationsBefore(long generation) throws IOException {
        for (long old : dir.generations(DataDir.SNAPSHOT_PREFIX, DataDir.SNAPSHOT_SUFFIX)) {
            if (old < generation) {
                Files.deleteIfExists(dir.snapshot(old));
            }
        }
        for (long old : dir.generations(DataDir.LOG_PREFIX, DataDir.LOG_SUFFIX)) {
            if (old < generation) {
                Files.deleteIfExists(MutationLog.file(dir.path(), old));
            }
        }
        DataDir.syncDirectory(dir.path());
    }

    private static void writeUnchecked(OutputStream out, WireWriter record) {
        try {
            out.write(record.array(), 0, record.position());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the newest snapshot that is intact; returns its generation, or 0 if there is none. */
    private static long loadNewestSnapshot(DataDir dir, SessionStore store) throws IOException {
        List<Long> snapshots = dir.generations(DataDir.SNAPSHOT_PREFIX, DataDir.SNAPSHOT_SUFFIX);
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            long generation = snapshots.get(i);
            Path file = dir.snapshot(generation);
            try {
                readSnapshot(file, null);
                readSnapshot(file, store);
                return generation;
            } catch (IOException | RuntimeException e) {
                LOG.error("snapshot {} is unreadable ({}); falling back to older data. Move the file away to keep"
                        + " it for inspection.", file, e.getMessage());
            }
        }
        return 0;
    }

    /** Reads a snapshot; with a null store it only verifies that it is complete and intact. */
    private static void readSnapshot(Path file, SessionStore store) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(12);
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // Fill the header.
            }
            if (header.hasRemaining() || !Arrays.equals(Arrays.copyOf(header.array(), 4), SNAPSHOT_MAGIC)) {
                throw new IOException("not a snapshot file");
            }
            RecordReader reader = new RecordReader(Channels.newInputStream(channel), 12, channel.size());
            byte[] body;
            while ((body = reader.next()) != null) {
                if (body[0] == LogRecords.SNAPSHOT_END) {
                    if (reader.offset() != channel.size()) {
                        throw new IOException("data after the end record");
                    }
                    return;
                }
                if (store != null) {
                    LogRecords.apply(body, store);
                } else if (body[0] != LogRecords.PUT) {
                    throw new IOException("unexpected record type " + body[0]);
                }
            }
            throw new IOException("no end record: the snapshot is incomplete");
        }
    }

    /** Replays one log file; cuts off a torn or corrupt tail instead of refusing to start. */
    private static long replayLog(Path file, long generation, SessionStore store) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < MutationLog.FILE_HEADER_BYTES) {
                LOG.warn("log {} has an incomplete header ({} bytes, cut off by a crash); starting it afresh", file,
                        size);
                channel.truncate(0);
                MutationLog.writeHeader(channel, generation);
                return 0;
            }
            ByteBuffer header = ByteBuffer.allocate(MutationLog.FILE_HEADER_BYTES);
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // Fill the header.
            }
            if (!Arrays.equals(Arrays.copyOf(header.array(), 4), MutationLog.FILE_MAGIC)) {
                throw new IOException("log " + file + " is not a state-server log file; move it out of the data"
                        + " directory");
            }
            RecordReader reader = new RecordReader(Channels.newInputStream(channel), MutationLog.FILE_HEADER_BYTES,
                    size);
            long records = 0;
            try {
                byte[] body;
                while ((body = reader.next()) != null) {
                    try {
                        LogRecords.apply(body, store);
                        records++;
                    } catch (RuntimeException e) {
                        // The checksum matched, so this is not damage but a record this version cannot apply.
                        LOG.error("log {}: skipping a record at byte {} that cannot be applied ({})", file,
                                reader.offset(), e.getMessage());
                    }
                }
            } catch (RecordReader.CorruptRecordException e) {
                long intact = reader.offset();
                LOG.warn("log {}: torn or corrupt tail at byte {} ({}; {} bytes dropped); truncated to the last"
                        + " intact record", file, intact, e.getMessage(), size - intact);
                channel.truncate(intact);
                channel.force(true);
            }
            return records;
        }
    }
}
