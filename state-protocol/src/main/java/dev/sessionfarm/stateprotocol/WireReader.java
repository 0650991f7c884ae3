package dev.sessionfarm.stateprotocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.sessionfarm.model.SessionMetadata;

/**
 * A bounds-checked big-endian reader over a byte range. Every read checks the remaining length first and throws
 * {@link MalformedMessageException} instead of reading past the message, so lengths and counts from the wire can
 * never cause an out-of-range read or an allocation larger than the message itself.
 */
public final class WireReader
{
    private byte[] buf;
    private int pos;
    private int limit;

    public WireReader()
    {
        this(new byte[0], 0, 0);
    }

    public WireReader(byte[] buf, int offset, int length)
    {
        reset(buf, offset, length);
    }

    public WireReader reset(byte[] buf, int offset, int length)
    {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
        return this;
    }

    public int remaining()
    {
        return limit - pos;
    }

    public int position()
    {
        return pos;
    }

    public byte[] array()
    {
        return buf;
    }

    public int u8()
    {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public boolean bool()
    {
        int value = u8();
        if (value > 1)
        {
            throw new MalformedMessageException("boolean field holds " + value + ", expected 0 or 1");
        }
        return value == 1;
    }

    public int u16()
    {
        need(2);
        int value = (buf[pos] & 0xFF) << 8 | buf[pos + 1] & 0xFF;
        pos += 2;
        return value;
    }

    public int i32()
    {
        need(4);
        int value = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8
            | buf[pos + 3] & 0xFF;
        pos += 4;
        return value;
    }

    public long i64()
    {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = value << 8 | buf[pos++] & 0xFF;
        }
        return value;
    }

    /** A non-negative i64, for times and versions. */
    public long nonNegativeI64(String field)
    {
        long value = i64();
        if (value < 0)
        {
            throw new MalformedMessageException(field + " is negative (" + value + ")");
        }
        return value;
    }

    /** The layout {@link WireWriter#metadata} writes; a negative expiry is malformed. */
    public SessionMetadata metadata()
    {
        long created = i64();
        long accessed = i64();
        long lastAccessed = i64();
        long cookieSet = i64();
        long maxInactiveMs = i64();
        long expiry = nonNegativeI64("expiry");
        String lastNode = string();
        return new SessionMetadata(created, accessed, lastAccessed, cookieSet, maxInactiveMs, expiry, lastNode);
    }

    /**
     * A count of following elements, each at least {@code minElementBytes} long: a count the rest of the message
     * cannot hold is rejected before anything is allocated for it.
     */
    public int count(String field, int minElementBytes)
    {
        int count = i32();
        if (count < 0 || (long)count * minElementBytes > remaining())
        {
            throw new MalformedMessageException(field + " count " + (count & 0xFFFFFFFFL) + " does not fit in the "
                + remaining() + " bytes left in the message");
        }
        return count;
    }

    /** A string (u16 length + UTF-8), decoded strictly: malformed UTF-8 is rejected, not replaced. */
    public String string()
    {
        int length = u16();
        need(length);
        String value = decodeUtf8(buf, pos, length);
        pos += length;
        return value;
    }

    /** Skips a string and returns its offset; its length is the u16 before it. For zero-copy comparisons. */
    public int skipString()
    {
        int length = u16();
        need(length);
        int start = pos;
        pos += length;
        return start;
    }

    /** A string's raw UTF-8 bytes, copied; the server treats ids and attribute names as opaque byte strings. */
    public byte[] stringBytes()
    {
        int length = u16();
        need(length);
        byte[] value = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return value;
    }

    /** A byte string (u32 length + bytes), copied. */
    public byte[] bytes()
    {
        int length = bytesLength();
        byte[] value = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return value;
    }

    /** Reads a byte string's length and checks the bytes are there; the caller then consumes them with skip. */
    public int bytesLength()
    {
        int length = i32();
        if (length < 0 || length > remaining())
        {
            throw new MalformedMessageException(
                "byte string of " + (length & 0xFFFFFFFFL) + " bytes does not fit in the "
                    + remaining() + " bytes left in the message");
        }
        return length;
    }

    public void skip(int length)
    {
        need(length);
        pos += length;
    }

    public void readFully(byte[] target)
    {
        need(target.length);
        System.arraycopy(buf, pos, target, 0, target.length);
        pos += target.length;
    }

    /** Every message is read to its end; bytes left over mean the two sides disagree about the layout. */
    public void expectEnd()
    {
        if (pos != limit)
        {
            throw new MalformedMessageException((limit - pos) + " unexpected bytes after the end of the message");
        }
    }

    private void need(int length)
    {
        if (length < 0 || limit - pos < length)
        {
            throw new MalformedMessageException("message ends early: needs " + length + " more bytes, has "
                + (limit - pos));
        }
    }

    /** For messages and logs: never fails, replaces malformed sequences. */
    public static String decodeUtf8Lenient(byte[] bytes, int offset, int length)
    {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    public static String decodeUtf8(byte[] bytes, int offset, int length)
    {
        boolean ascii = true;
        for (int i = offset; i < offset + length; i++)
        {
            if (bytes[i] < 0)
            {
                ascii = false;
                break;
            }
        }
        if (ascii)
        {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, offset, length))
                .toString();
        }
        catch (CharacterCodingException e)
        {
            throw new MalformedMessageException("string is not valid UTF-8");
        }
    }
}
