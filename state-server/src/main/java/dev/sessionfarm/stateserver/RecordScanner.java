package dev.sessionfarm.stateserver;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads every intact record of a log or snapshot file and finds the damaged byte ranges between them. After a
 * record that fails (wrong sync marker, a length that does not fit, a checksum mismatch) it scans forward for the
 * next offset where a whole record verifies, so damage costs only the records it covers. It never allocates more
 * than the file holds, so a damaged length cannot exhaust memory.
 * <p>
 * Format 1 files (SFL1/SFS1, written before records had a sync marker) are read too, but there nothing after a
 * damaged record can be found again: the damage is taken to reach the end of the file.
 */
final class RecordScanner
{
    /** Bytes {@code from..to} could not be read; about {@code records} records began there (by their markers). */
    record Damage(long from, long to, long records, long intactRecordsAfter)
    {
    }

    interface Sink
    {
        void record(byte[] body, long offset);
    }

    /** What one file held. {@code headerValue} is the i64 after the generation (a snapshot's session count). */
    record Result(Path file, int format, long size, long records, List<Damage> damages, boolean headerIntact,
        long headerValue)
    {
        boolean intact()
        {
            return damages.isEmpty();
        }

        /** Damage only at the very end: exactly one damaged range, it reaches the end, nothing valid follows. */
        boolean onlyTornTail()
        {
            return damages.size() == 1 && headerIntact && damages.get(0).to() == size && format == 2;
        }

        String name()
        {
            return file.getFileName().toString();
        }
    }

    private static final int WINDOW_BYTES = 1 << 20;

    private final FileChannel channel;
    private final long size;
    private final int format;
    private final int recordHeader;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES);
    private long windowStart;
    private int windowLength;
    private byte[] body;

    private RecordScanner(FileChannel channel, long size, int format)
    {
        this.channel = channel;
        this.size = size;
        this.format = format;
        this.recordHeader = format == 1 ? 8 : LogRecords.HEADER_BYTES;
    }

    /**
     * Scans a file whose header is {@code magic1} (format 1, 12 bytes) or {@code magic2} (format 2: magic,
     * generation i64, {@code extraLongs} more i64 values, crc32c of all that). A damaged header is one more damaged
     * range; the records after it are still read as format 2.
     */
    static Result scan(Path file, byte[] magic1, byte[] magic2, int extraLongs, Sink sink) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            long size = channel.size();
            int header2 = headerBytes(extraLongs);
            ByteBuffer header = ByteBuffer.allocate(header2);
            while (header.hasRemaining() && channel.read(header, header.position()) > 0)
            {
                // Fill what the file has of the header.
            }
            byte[] magic = Arrays.copyOf(header.array(), 4);
            if (Arrays.equals(magic, magic1) && size >= 12)
            {
                return new RecordScanner(channel, size, 1).records(file, 12, true, -1, sink);
            }
            boolean intact = Arrays.equals(magic, magic2) && !header.hasRemaining()
                && header.getInt(header2 - 4) == LogRecords.legacyCrc(header.array(), 0, header2 - 4);
            long value = intact && extraLongs > 0 ? header.getLong(12) : -1;
            return new RecordScanner(channel, size, 2).records(file, Math.min(size, header2), intact, value, sink);
        }
    }

    static int headerBytes(int extraLongs)
    {
        return 4 + 8 + 8 * extraLongs + 4;
    }

    /** A format 2 header: magic, generation, the extra values, and their checksum. */
    static ByteBuffer header(byte[] magic, long generation, long... extra)
    {
        ByteBuffer header = ByteBuffer.allocate(headerBytes(extra.length)).put(magic).putLong(generation);
        for (long value : extra)
        {
            header.putLong(value);
        }
        return header.putInt(LogRecords.legacyCrc(header.array(), 0, header.position())).flip();
    }

    private Result records(Path file, long start, boolean headerIntact, long headerValue, Sink sink)
        throws IOException
    {
        List<Damage> damages = new ArrayList<>();
        List<Long> recordsBefore = new ArrayList<>();
        if (!headerIntact)
        {
            damages.add(new Damage(0, start, 0, 0));
            recordsBefore.add(0L);
        }
        long records = 0;
        long offset = start;
        while (offset < size)
        {
            if (verifies(offset))
            {
                sink.record(body, offset);
                records++;
                offset += recordHeader + body.length;
                continue;
            }
            long next = format == 1 ? size : nextRecordStart(offset + 1);
            damages.add(new Damage(offset, next, markers(offset, next), 0));
            recordsBefore.add(records);
            offset = next;
        }
        for (int i = 0; i < damages.size(); i++)
        {
            Damage damage = damages.get(i);
            damages.set(i, new Damage(damage.from(), damage.to(), damage.records(), records - recordsBefore.get(i)));
        }
        return new Result(file, format, size, records, List.copyOf(damages), headerIntact, headerValue);
    }

    /** Whether a whole intact record starts at {@code offset}; if so its body is in {@link #body}. */
    private boolean verifies(long offset) throws IOException
    {
        if (size - offset < recordHeader)
        {
            return false;
        }
        int at = window(offset, recordHeader);
        int field = format == 1 ? at : at + 4;
        if (format == 2 && window.getInt(at) != LogRecords.SYNC)
        {
            return false;
        }
        int length = window.getInt(field);
        int crc = window.getInt(field + 4);
        if (length <= 0 || length > size - offset - recordHeader)
        {
            return false;
        }
        byte[] candidate = read(offset + recordHeader, length);
        int actual = format == 1 ? LogRecords.legacyCrc(candidate, 0, length)
            : LogRecords.crc(length, candidate, 0, length);
        if (actual != crc)
        {
            return false;
        }
        body = candidate;
        return true;
    }

    /** The first offset from {@code from} on where a whole record verifies, or the file size. */
    private long nextRecordStart(long from) throws IOException
    {
        for (long offset = from; offset <= size - recordHeader; offset++)
        {
            if (isMarker(offset) && verifies(offset))
            {
                return offset;
            }
        }
        return size;
    }

    private long markers(long from, long to) throws IOException
    {
        long markers = 0;
        for (long offset = from; offset < to && offset <= size - 4; offset++)
        {
            if (isMarker(offset))
            {
                markers++;
            }
        }
        return Math.max(1, markers);
    }

    private boolean isMarker(long offset) throws IOException
    {
        return window.get(window(offset, 1)) == (byte)(LogRecords.SYNC >>> 24) && offset <= size - 4
            && window.getInt(window(offset, 4)) == LogRecords.SYNC;
    }

    /** Makes bytes {@code offset..offset+length} available in the window; returns where they start in it. */
    private int window(long offset, int length) throws IOException
    {
        if (offset >= windowStart && offset + length <= windowStart + windowLength)
        {
            return (int)(offset - windowStart);
        }
        window.clear();
        int wanted = (int)Math.min(WINDOW_BYTES, size - offset);
        fill(window, offset, wanted);
        windowStart = offset;
        windowLength = wanted;
        return 0;
    }

    private byte[] read(long offset, int length) throws IOException
    {
        if (length <= WINDOW_BYTES)
        {
            int at = window(offset, length);
            return Arrays.copyOfRange(window.array(), at, at + length);
        }
        byte[] bytes = new byte[length];
        fill(ByteBuffer.wrap(bytes), offset, length);
        return bytes;
    }

    private void fill(ByteBuffer buffer, long offset, int length) throws IOException
    {
        while (buffer.position() < length)
        {
            if (channel.read(buffer, offset + buffer.position()) < 0)
            {
                throw new EOFException("the file became shorter while it was read");
            }
        }
    }
}
