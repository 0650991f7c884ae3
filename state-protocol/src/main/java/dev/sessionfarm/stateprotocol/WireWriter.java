package dev.sessionfarm.stateprotocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.sessionfarm.model.SessionMetadata;

/**
 * A growable big-endian buffer for encoding frames. Not thread-safe; meant to be reused by one thread (or one
 * connection) so that encoding allocates nothing once the buffer has grown to the working size.
 */
public final class WireWriter
{
    private byte[] buf;
    private int pos;

    public WireWriter(int initialCapacity)
    {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public WireWriter reset()
    {
        pos = 0;
        return this;
    }

    /** Drops a buffer that grew for one large message, so an idle connection or thread does not pin it. */
    public void shrinkTo(int capacity)
    {
        if (buf.length > capacity && pos <= capacity)
        {
            buf = Arrays.copyOf(buf, capacity);
        }
    }

    public int position()
    {
        return pos;
    }

    /** Discards everything written after {@code position}. */
    public void truncate(int position)
    {
        if (position < 0 || position > pos)
        {
            throw new IllegalArgumentException("cannot truncate to " + position + " of " + pos);
        }
        pos = position;
    }

    public byte[] array()
    {
        return buf;
    }

    public byte[] toByteArray()
    {
        return Arrays.copyOf(buf, pos);
    }

    /** Starts a frame: reserves the length field and writes code and request id. Returns the frame's start. */
    public int beginFrame(int code, int requestId)
    {
        int start = pos;
        i32(0).u8(code).i32(requestId);
        return start;
    }

    /** Fills in the length field of the frame begun at {@code start}. */
    public void endFrame(int start)
    {
        putI32At(start, pos - start - 4);
    }

    public WireWriter u8(int value)
    {
        ensure(1);
        buf[pos++] = (byte)value;
        return this;
    }

    public WireWriter bool(boolean value)
    {
        return u8(value ? 1 : 0);
    }

    public WireWriter u16(int value)
    {
        ensure(2);
        buf[pos++] = (byte)(value >>> 8);
        buf[pos++] = (byte)value;
        return this;
    }

    public WireWriter i32(int value)
    {
        ensure(4);
        putI32At(pos, value);
        pos += 4;
        return this;
    }

    public WireWriter i64(long value)
    {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8)
        {
            buf[pos++] = (byte)(value >>> shift);
        }
        return this;
    }

    /** A string: u16 byte length, then UTF-8. */
    public WireWriter string(String value)
    {
        int length = value.length();
        if (isAscii(value, length))
        {
            checkStringLength(length);
            ensure(2 + length);
            u16(length);
            for (int i = 0; i < length; i++)
            {
                buf[pos++] = (byte)value.charAt(i);
            }
            return this;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return stringBytes(utf8, 0, utf8.length);
    }

    /** A string given as its UTF-8 bytes. */
    public WireWriter stringBytes(byte[] utf8, int offset, int length)
    {
        checkStringLength(length);
        u16(length);
        return raw(utf8, offset, length);
    }

    /** A byte string: u32 length, then the bytes. */
    public WireWriter bytes(byte[] value)
    {
        return bytes(value, 0, value.length);
    }

    public WireWriter bytes(byte[] value, int offset, int length)
    {
        i32(length);
        return raw(value, offset, length);
    }

    public WireWriter raw(byte[] value, int offset, int length)
    {
        ensure(length);
        System.arraycopy(value, offset, buf, pos, length);
        pos += length;
        return this;
    }

    /** created, accessed, lastAccessed, cookieSet, maxInactiveMs, expiry (i64 each), lastNode (string). */
    public WireWriter metadata(SessionMetadata m)
    {
        return i64(m.created()).i64(m.accessed()).i64(m.lastAccessed()).i64(m.cookieSet()).i64(m.maxInactiveMs())
            .i64(m.expiry()).string(m.lastNode());
    }

    /** An ERROR response's payload: u16 code, string message (cut to 2,000 characters). */
    public WireWriter error(ErrorCode code, String message)
    {
        return u16(code.code()).string(message.length() > 2000 ? message.substring(0, 2000) : message);
    }

    public void putI32At(int at, int value)
    {
        buf[at] = (byte)(value >>> 24);
        buf[at + 1] = (byte)(value >>> 16);
        buf[at + 2] = (byte)(value >>> 8);
        buf[at + 3] = (byte)value;
    }

    private static boolean isAscii(String value, int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (value.charAt(i) >= 0x80)
            {
                return false;
            }
        }
        return true;
    }

    private static void checkStringLength(int length)
    {
        if (length > Protocol.MAX_STRING_BYTES)
        {
            throw new IllegalArgumentException("string of " + length + " UTF-8 bytes is longer than the protocol's "
                + Protocol.MAX_STRING_BYTES);
        }
    }

    private void ensure(int more)
    {
        if (buf.length - pos < more)
        {
            long wanted = Math.max((long)buf.length * 2, (long)pos + more);
            if (wanted > Integer.MAX_VALUE - 8)
            {
                throw new IllegalArgumentException("message larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int)wanted);
        }
    }
}
