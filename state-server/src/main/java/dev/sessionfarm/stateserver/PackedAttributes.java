package dev.sessionfarm.stateserver;

/**
 * All attributes of a session in one byte array: for each attribute, varint name length, name (UTF-8 as sent),
 * varint writtenVersion, varint value length, value. Varints keep the per-attribute overhead at a few bytes, which
 * is what lets a million small sessions fit in little more heap than their payload.
 */
final class PackedAttributes
{
    static final byte[] EMPTY = new byte[0];

    /** Bytes an attribute adds to a LOAD answer beyond its name and value: u16 + i64 + u32 length fields. */
    static final int WIRE_OVERHEAD = 2 + 8 + 4;

    private PackedAttributes()
    {
    }

    /** The result of applying a save to a session's attributes. */
    record Merge(byte[] attributes, int conflicts, long wireBytes)
    {
    }

    /**
     * Applies a save: counts conflicts against {@code old}, then builds the new array, keeping the untouched old
     * attributes (unless the save replaces everything) and writing the set ones with {@code newVersion}.
     */
    static Merge merge(byte[] old, SaveFrame save, long newVersion)
    {
        int conflicts = 0;
        long size = 0;
        long wireBytes = 0;
        Cursor cursor = new Cursor(old);
        while (cursor.next())
        {
            boolean named = save.find(old, cursor.nameOffset, cursor.nameLength) >= 0;
            if (named && cursor.writtenVersion > save.baseVersion)
            {
                conflicts++;
            }
            if (!named && !save.replace)
            {
                size += cursor.end - cursor.start;
                wireBytes += WIRE_OVERHEAD + cursor.nameLength + cursor.valueLength;
            }
        }
        int versionBytes = varintSize(newVersion);
        for (int i = 0; i < save.setCount; i++)
        {
            size += varintSize(save.nameLength(i)) + save.nameLength(i) + versionBytes
                + varintSize(save.valueLength(i)) + save.valueLength(i);
            wireBytes += WIRE_OVERHEAD + save.nameLength(i) + save.valueLength(i);
        }
        if (size > Integer.MAX_VALUE - 16)
        {
            return new Merge(null, conflicts, Long.MAX_VALUE);
        }
        byte[] merged = new byte[(int)size];
        int pos = 0;
        if (!save.replace)
        {
            cursor = new Cursor(old);
            while (cursor.next())
            {
                if (save.find(old, cursor.nameOffset, cursor.nameLength) < 0)
                {
                    int length = cursor.end - cursor.start;
                    System.arraycopy(old, cursor.start, merged, pos, length);
                    pos += length;
                }
            }
        }
        byte[] request = save.buffer;
        for (int i = 0; i < save.setCount; i++)
        {
            pos = writeVarint(merged, pos, save.nameLength(i));
            System.arraycopy(request, save.nameOffset(i), merged, pos, save.nameLength(i));
            pos += save.nameLength(i);
            pos = writeVarint(merged, pos, newVersion);
            pos = writeVarint(merged, pos, save.valueLength(i));
            System.arraycopy(request, save.valueOffset(i), merged, pos, save.valueLength(i));
            pos += save.valueLength(i);
        }
        return new Merge(merged, conflicts, wireBytes);
    }

    /** Checks that an array read from disk is well formed, so a bad file cannot break later reads. */
    static boolean isWellFormed(byte[] attributes)
    {
        try
        {
            Cursor cursor = new Cursor(attributes);
            while (cursor.next())
            {
                if (cursor.nameLength > 0xFFFF || cursor.writtenVersion < 0)
                {
                    return false;
                }
            }
            return true;
        }
        catch (IllegalStateException e)
        {
            return false;
        }
    }

    static int varintSize(long value)
    {
        int size = 1;
        while ((value & ~0x7FL) != 0)
        {
            value >>>= 7;
            size++;
        }
        return size;
    }

    static int writeVarint(byte[] buffer, int pos, long value)
    {
        while ((value & ~0x7FL) != 0)
        {
            buffer[pos++] = (byte)((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[pos++] = (byte)value;
        return pos;
    }

    /** Walks the attributes of one array. */
    static final class Cursor
    {
        private final byte[] data;
        private int pos;
        int start;
        int end;
        int nameOffset;
        int nameLength;
        long writtenVersion;
        int valueOffset;
        int valueLength;

        Cursor(byte[] data)
        {
            this.data = data;
        }

        boolean next()
        {
            if (pos >= data.length)
            {
                return false;
            }
            start = pos;
            nameLength = (int)readLength();
            nameOffset = pos;
            pos += nameLength;
            writtenVersion = readVarint();
            valueLength = (int)readLength();
            valueOffset = pos;
            pos += valueLength;
            if (pos > data.length || pos < 0)
            {
                throw new IllegalStateException("attribute runs past the end of the array");
            }
            end = pos;
            return true;
        }

        private long readLength()
        {
            long length = readVarint();
            if (length > data.length - pos)
            {
                throw new IllegalStateException("attribute length " + length + " runs past the end of the array");
            }
            return length;
        }

        private long readVarint()
        {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (pos >= data.length)
                {
                    throw new IllegalStateException("varint runs past the end of the array");
                }
                byte b = data[pos++];
                value |= (long)(b & 0x7F) << shift;
                if (b >= 0)
                {
                    return value;
                }
            }
            throw new IllegalStateException("varint longer than 64 bits");
        }
    }
}
