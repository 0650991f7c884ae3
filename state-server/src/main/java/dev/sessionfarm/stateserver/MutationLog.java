package dev.sessionfarm.stateserver;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append-only mutation log, one file per generation. Appends only copy into a memory buffer (they run under a
 * session's stripe lock and must be quick); {@link #awaitDurable} then writes, and with {@code fsync always}
 * forces, everything appended so far. Threads waiting together share one write and one fsync (group commit).
 */
final class MutationLog implements Closeable
{
    enum Fsync
    {
        ALWAYS, EVERYSEC, NO;

        @Override
        public String toString()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final byte[] FILE_MAGIC = {'S', 'F', 'L', '2'};
    /** Format 1 logs (before records had a sync marker) are still read, never written. */
    static final byte[] FILE_MAGIC_1 = {'S', 'F', 'L', '1'};
    private static final int INITIAL_BUFFER_BYTES = 64 * 1024;

    private final Path dir;
    private final Fsync fsync;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock flushLock = new ReentrantLock();

    // Guarded by appendLock.
    private byte[] pending = new byte[INITIAL_BUFFER_BYTES];
    private int pendingLength;
    private long appendedSeq;

    // Guarded by flushLock.
    private FileChannel channel;
    private long generation;
    private long fileBytes;
    private boolean unforced;
    private volatile long flushedSeq;
    private volatile IOException lastFailure;

    MutationLog(Path dir, Fsync fsync, long generation, FileChannel channel) throws IOException
    {
        this.dir = dir;
        this.fsync = fsync;
        this.generation = generation;
        this.channel = channel;
        this.fileBytes = channel.size();
    }

    static Path file(Path dir, long generation)
    {
        return dir.resolve(String.format(Locale.ROOT, "log-%012d.sfl", generation));
    }

    /** Creates the file of a new generation with its header. */
    static FileChannel create(Path dir, long generation) throws IOException
    {
        FileChannel channel = FileChannel.open(file(dir, generation), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        writeHeader(channel, generation);
        DataDir.syncDirectory(dir);
        return channel;
    }

    static void writeHeader(FileChannel channel, long generation) throws IOException
    {
        ByteBuffer header = RecordScanner.header(FILE_MAGIC, generation);
        while (header.hasRemaining())
        {
            channel.write(header);
        }
        channel.force(true);
    }

    /** Copies one framed record into the buffer; returns its sequence number. */
    long append(byte[] record, int offset, int length)
    {
        appendLock.lock();
        try
        {
            if (pending.length - pendingLength < length)
            {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
            }
            System.arraycopy(record, offset, pending, pendingLength, length);
            pendingLength += length;
            return ++appendedSeq;
        }
        finally
        {
            appendLock.unlock();
        }
    }

    long appendedSeq()
    {
        appendLock.lock();
        try
        {
            return appendedSeq;
        }
        finally
        {
            appendLock.unlock();
        }
    }

    /** Bytes appended but not yet written: grows only while writes fail. */
    int backlogBytes()
    {
        appendLock.lock();
        try
        {
            return pendingLength;
        }
        finally
        {
            appendLock.unlock();
        }
    }

    IOException lastFailure()
    {
        return lastFailure;
    }

    /** Every record up to this sequence number is as durable as --fsync promises. */
    long durableSeq()
    {
        return flushedSeq;
    }

    /**
     * After a failed write or fsync, tries again (forcing as the fsync mode does), so that once space returns the
     * log catches up without waiting for a change that could not be made (changes are refused meanwhile).
     */
    void retryIfFailed() throws IOException
    {
        if (lastFailure == null)
        {
            return;
        }
        flushLock.lock();
        try
        {
            if (lastFailure != null)
            {
                writePending(fsync != Fsync.NO);
            }
        }
        finally
        {
            flushLock.unlock();
        }
    }

    /** Returns once every record up to {@code seq} is in the file (and forced, with fsync always). */
    void awaitDurable(long seq) throws IOException
    {
        if (flushedSeq >= seq)
        {
            return;
        }
        flushLock.lock();
        try
        {
            if (flushedSeq < seq)
            {
                writePending(fsync == Fsync.ALWAYS);
            }
        }
        finally
        {
            flushLock.unlock();
        }
    }

    /** Writes and forces everything appended: the once-a-second fsync of {@code fsync everysec}. */
    void syncNow() throws IOException
    {
        flushLock.lock();
        try
        {
            writePending(true);
        }
        finally
        {
            flushLock.unlock();
        }
    }

    long generation()
    {
        flushLock.lock();
        try
        {
            return generation;
        }
        finally
        {
            flushLock.unlock();
        }
    }

    long fileBytes()
    {
        flushLock.lock();
        try
        {
            return fileBytes;
        }
        finally
        {
            flushLock.unlock();
        }
    }

    /** Closes the current file (written and forced) and continues in a new generation; returns its number. */
    long rotate() throws IOException
    {
        flushLock.lock();
        try
        {
            FileChannel next = create(dir, generation + 1);
            try
            {
                // Everything appended until this write belongs to the old generation, everything after to the new.
                writePending(true);
            }
            catch (IOException e)
            {
                next.close();
                java.nio.file.Files.deleteIfExists(file(dir, generation + 1));
                throw e;
            }
            channel.close();
            channel = next;
            generation++;
            fileBytes = channel.size();
            return generation;
        }
        finally
        {
            flushLock.unlock();
        }
    }

    @Override
    public void close() throws IOException
    {
        flushLock.lock();
        try
        {
            writePending(true);
            channel.close();
        }
        finally
        {
            flushLock.unlock();
        }
    }

    private void writePending(boolean force) throws IOException
    {
        byte[] batch;
        int length;
        long upTo;
        appendLock.lock();
        try
        {
            batch = pending;
            length = pendingLength;
            upTo = appendedSeq;
            pending = new byte[Math.max(INITIAL_BUFFER_BYTES, Math.min(batch.length, 1 << 20))];
            pendingLength = 0;
        }
        finally
        {
            appendLock.unlock();
        }
        ByteBuffer buffer = ByteBuffer.wrap(batch, 0, length);
        try
        {
            while (buffer.hasRemaining())
            {
                fileBytes += channel.write(buffer);
            }
            unforced |= length > 0;
            if (force && unforced)
            {
                channel.force(false);
                unforced = false;
            }
            flushedSeq = upTo;
            lastFailure = null;
        }
        catch (IOException e)
        {
            lastFailure = e;
            keepUnwritten(batch, buffer.position(), length);
            throw e;
        }
    }

    /** After a failed write the unwritten bytes go back in front of the buffer, to be retried by the next flush. */
    private void keepUnwritten(byte[] batch, int from, int to)
    {
        appendLock.lock();
        try
        {
            int unwritten = to - from;
            byte[] merged = new byte[Math.max(pending.length, unwritten + pendingLength)];
            System.arraycopy(batch, from, merged, 0, unwritten);
            System.arraycopy(pending, 0, merged, unwritten, pendingLength);
            pending = merged;
            pendingLength += unwritten;
        }
        finally
        {
            appendLock.unlock();
        }
    }
}
