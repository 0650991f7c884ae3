package dev.sessionfarm.stateserver;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The read side of a connection: a buffer that holds whole frames so they can be decoded in place. It grows only
 * when it is full of bytes that actually arrived, never to a size a length field merely claims, so a peer that
 * announces 16 MiB and sends ten bytes costs ten bytes.
 */
final class FrameInput
{
    private static final int INITIAL_BYTES = 16 * 1024;
    private static final int KEEP_BYTES = 256 * 1024;

    private final InputStream in;
    private byte[] buf = new byte[INITIAL_BYTES];
    private int start;
    private int end;

    FrameInput(InputStream in)
    {
        this.in = in;
    }

    /** Blocks until at least {@code count} unconsumed bytes are buffered. */
    void require(int count) throws IOException
    {
        while (end - start < count)
        {
            if (end == buf.length)
            {
                makeRoom(count);
            }
            int read = in.read(buf, end, buf.length - end);
            if (read < 0)
            {
                throw new EOFException(end == start ? "peer closed the connection"
                    : "peer closed the connection in the middle of a frame");
            }
            end += read;
        }
    }

    int buffered()
    {
        return end - start;
    }

    /** Whether a complete frame, whose length field is sane, is already buffered; decides when to flush. */
    boolean hasCompleteFrame(int maxFrameBytes)
    {
        if (end - start < 4)
        {
            return false;
        }
        int length = intAt(0);
        return length >= 0 && length <= maxFrameBytes && end - start >= 4 + length;
    }

    byte[] buffer()
    {
        return buf;
    }

    /** Absolute offset of the first unconsumed byte in {@link #buffer()}. */
    int offset()
    {
        return start;
    }

    int byteAt(int relative)
    {
        return buf[start + relative] & 0xFF;
    }

    int intAt(int relative)
    {
        int at = start + relative;
        return (buf[at] & 0xFF) << 24 | (buf[at + 1] & 0xFF) << 16 | (buf[at + 2] & 0xFF) << 8 | buf[at + 3] & 0xFF;
    }

    /** Reads and drops up to {@code limit} bytes, stopping early at end of stream. */
    void discard(int limit) throws IOException
    {
        start = 0;
        end = 0;
        for (int dropped = 0; dropped < limit;)
        {
            int read = in.read(buf, 0, Math.min(buf.length, limit - dropped));
            if (read < 0)
            {
                return;
            }
            dropped += read;
        }
    }

    byte[] take(int count) throws IOException
    {
        require(count);
        byte[] taken = Arrays.copyOfRange(buf, start, start + count);
        consume(count);
        return taken;
    }

    void consume(int count)
    {
        start += count;
        if (start == end)
        {
            start = 0;
            end = 0;
            if (buf.length > KEEP_BYTES)
            {
                buf = new byte[INITIAL_BYTES];
            }
        }
    }

    private void makeRoom(int count)
    {
        if (start > 0)
        {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        else
        {
            buf = Arrays.copyOf(buf, (int)Math.min(Math.max(count, INITIAL_BYTES), buf.length * 2L));
        }
    }
}
