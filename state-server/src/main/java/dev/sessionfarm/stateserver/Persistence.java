package dev.sessionfarm.stateserver;

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
import java.util.List;

import dev.sessionfarm.model.Units;
import dev.sessionfarm.stateprotocol.ErrorCode;
import dev.sessionfarm.stateprotocol.WireWriter;
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
final class Persistence implements Journal, Closeable
{
    private static final Logger LOG = LoggerFactory.getLogger(Persistence.class);
    static final byte[] SNAPSHOT_MAGIC = {'S', 'F', 'S', '2'};
    /** Format 1 snapshots (before records had a sync marker) are still read, never written. */
    static final byte[] SNAPSHOT_MAGIC_1 = {'S', 'F', 'S', '1'};
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
                        long compactAfterBytes)
    {
        this.dir = dir;
        this.log = log;
        this.store = store;
        this.fsync = fsync;
        this.compactAfterBytes = compactAfterBytes;
    }

    /**
     * Locks the directory, recovers what it holds (see {@link Recovery}: damage other than a torn log tail refuses
     * the start unless {@code repair}), and opens the log. A repair ends with a fresh, verified generation.
     */
    static Persistence open(Path path, MutationLog.Fsync fsync, long compactAfterBytes, SessionStore store,
                            boolean repair)
        throws IOException
    {
        DataDir dir = DataDir.open(path);
        try
        {
            long started = System.nanoTime();
            dir.deleteTemporaryFiles();
            Recovery.Outcome recovered = Recovery.run(dir, store, repair);
            long last = recovered.newestLog();
            FileChannel channel;
            if (last > 0 && recovered.newestLogWritable())
            {
                channel = FileChannel.open(MutationLog.file(path, last), StandardOpenOption.WRITE);
                channel.position(channel.size());
            }
            else
            {
                last = Math.max(Math.max(1, recovered.snapshotGeneration()), last + 1);
                channel = MutationLog.create(path, last);
            }
            LOG.info("recovered {} sessions ({}) from {} in {} ms: snapshot generation {}, {} log records",
                store.sessionCount(), Units.formatBytes(store.bytesHeld()), path,
                (System.nanoTime() - started) / 1_000_000,
                recovered.snapshotGeneration() == 0 ? "none" : recovered.snapshotGeneration(),
                recovered.logRecords());
            Persistence persistence = new Persistence(dir, new MutationLog(path, fsync, last, channel), store, fsync,
                compactAfterBytes);
            store.journalTo(persistence);
            if (recovered.repaired())
            {
                persistence.compact();
            }
            return persistence;
        }
        catch (IOException | RuntimeException e)
        {
            dir.close();
            throw e;
        }
    }

    /**
     * Refuses changes while the log cannot be written (its last write or fsync failed, e.g. a full disk), so that
     * no change is applied in memory that could not be made durable; {@link #retryIfFailed} lifts it.
     */
    @Override
    public void checkWritable()
    {
        IOException failure = log.lastFailure();
        if (failure != null || log.backlogBytes() > MAX_BACKLOG_BYTES)
        {
            throw new RefusedException(ErrorCode.PERSISTENCE_FAILED, "the state server cannot write its log in "
                + dir.path() + " (" + (failure == null ? "writes are behind" : failure.getMessage())
                + "); changes are refused until it can (retried every second), loads still work");
        }
    }

    @Override
    public long put(String scope, SessionEntry session)
    {
        WireWriter record = RECORD.get().reset();
        LogRecords.put(record, scope, session);
        return append(record);
    }

    @Override
    public long metadata(String scope, SessionEntry session)
    {
        WireWriter record = RECORD.get().reset();
        LogRecords.metadata(record, scope, session);
        return append(record);
    }

    @Override
    public long remove(String scope, SessionEntry session)
    {
        WireWriter record = RECORD.get().reset();
        LogRecords.remove(record, scope, session.id);
        return append(record);
    }

    /** Blocks until everything this thread has journaled is as durable as --fsync promises. */
    void awaitDurable() throws IOException
    {
        log.awaitDurable(log.appendedSeq());
    }

    /** Blocks until the change with this sequence number is as durable as --fsync promises. */
    void awaitDurable(long seq) throws IOException
    {
        log.awaitDurable(seq);
    }

    long durableSeq()
    {
        return log.durableSeq();
    }

    /** Once a second in every fsync mode: a failed write is retried, so changes resume when space returns. */
    void retryIfFailed() throws IOException
    {
        log.retryIfFailed();
    }

    /** The periodic fsync of {@code --fsync everysec}. */
    void syncNow() throws IOException
    {
        log.syncNow();
    }

    MutationLog.Fsync fsync()
    {
        return fsync;
    }

    /** Compacts once the log outgrows both the threshold and the live data, so rewriting stays proportionate. */
    void compactIfDue() throws IOException
    {
        if (log.fileBytes() > Math.max(compactAfterBytes, store.bytesHeld()))
        {
            compact();
        }
    }

    /**
     * Writes a snapshot of every session as generation G+1 and, only once it is forced, read back and verified,
     * moves it into place and drops the older generations; a snapshot that fails verification is discarded and the
     * previous generation stays.
     */
    synchronized void compact() throws IOException
    {
        long started = System.nanoTime();
        long generation = log.rotate();
        Path target = dir.snapshot(generation);
        Path temporary = target.resolveSibling(target.getFileName() + DataDir.TEMPORARY_SUFFIX);
        long sessions;
        try
        {
            sessions = writeSnapshot(temporary, generation);
            verifySnapshot(temporary, sessions);
        }
        catch (IOException | UncheckedIOException e)
        {
            Files.deleteIfExists(temporary);
            throw e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException)e;
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        DataDir.syncDirectory(dir.path());
        deleteGenerationsBefore(generation);
        lastSnapshot = "generation " + generation + " at " + Instant.now() + " (" + sessions + " sessions, "
            + Units.formatBytes(Files.size(target)) + ")";
        LOG.info("snapshot written and verified: {}, in {} ms; older log generations removed", lastSnapshot,
            (System.nanoTime() - started) / 1_000_000);
    }

    private long writeSnapshot(Path file, long generation) throws IOException
    {
        long[] sessions = {0};
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE); OutputStream out =
                new BufferedOutputStream(
                    Channels.newOutputStream(channel), 1 << 16))
        {
            out.write(RecordScanner.header(SNAPSHOT_MAGIC, generation, 0).array());
            WireWriter record = new WireWriter(1 << 16);
            store.forEachSession(session ->
            {
                record.reset();
                LogRecords.put(record, store.scopeName(session.scope), session);
                writeUnchecked(out, record);
                record.shrinkTo(1 << 16);
                sessions[0]++;
            });
            LogRecords.snapshotEnd(record.reset(), sessions[0]);
            out.write(record.array(), 0, record.position());
            out.flush();
            ByteBuffer header = RecordScanner.header(SNAPSHOT_MAGIC, generation, sessions[0]);
            while (header.hasRemaining())
            {
                channel.write(header, header.position());
            }
            channel.force(true);
        }
        return sessions[0];
    }

    /** Reads the written snapshot back: every record intact, the count in its header and end record matches. */
    private static void verifySnapshot(Path file, long sessions) throws IOException
    {
        long[] puts = {0};
        long[] ends = {0};
        RecordScanner.Result read = RecordScanner.scan(file, SNAPSHOT_MAGIC_1, SNAPSHOT_MAGIC, 1, (body, at) ->
        {
            if (body[0] == LogRecords.PUT)
            {
                puts[0]++;
            }
            else if (body[0] == LogRecords.SNAPSHOT_END)
            {
                ends[0]++;
            }
        });
        if (!read.intact() || read.headerValue() != sessions || puts[0] != sessions || ends[0] != 1)
        {
            throw new IOException("snapshot " + file + " failed verification after it was written (" + sessions
                + " sessions written; read back: " + puts[0] + " sessions, header " + read.headerValue() + ", "
                + read.damages().size() + " damaged range(s)); the previous generation is kept");
        }
    }

    /** One line for the stats: where, how durable, how big the log is, when the last snapshot was. */
    String describe()
    {
        return "data-dir " + dir.path() + ", fsync " + fsync + ", log generation " + log.generation() + " "
            + Units.formatBytes(log.fileBytes()) + ", last snapshot " + lastSnapshot
            + (log.lastFailure() != null ? ", LAST WRITE FAILED: " + log.lastFailure().getMessage() : "");
    }

    long logBytes()
    {
        return log.fileBytes();
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            log.close();
        }
        finally
        {
            dir.close();
        }
    }

    private long append(WireWriter record)
    {
        long seq = log.append(record.array(), 0, record.position());
        record.shrinkTo(1 << 16);
        return seq;
    }

    private void deleteGenerationsBefore(long generation) throws IOException
    {
        for (long old : dir.generations(DataDir.SNAPSHOT_PREFIX, DataDir.SNAPSHOT_SUFFIX))
        {
            if (old < generation)
            {
                Files.deleteIfExists(dir.snapshot(old));
            }
        }
        for (long old : dir.generations(DataDir.LOG_PREFIX, DataDir.LOG_SUFFIX))
        {
            if (old < generation)
            {
                Files.deleteIfExists(MutationLog.file(dir.path(), old));
            }
        }
        DataDir.syncDirectory(dir.path());
    }

    private static void writeUnchecked(OutputStream out, WireWriter record)
    {
        try
        {
            out.write(record.array(), 0, record.position());
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
