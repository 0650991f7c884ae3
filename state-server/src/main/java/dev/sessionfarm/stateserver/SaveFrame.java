package dev.sessionfarm.stateserver;

import java.util.Arrays;

import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.stateprotocol.MalformedMessageException;
import dev.sessionfarm.stateprotocol.WireReader;

/**
 * A view of one SAVE frame, parsed in place: names and values stay in the frame's buffer (as offsets) so that
 * building the new attribute array copies each value once. Valid only until the connection reads its next frame.
 */
final class SaveFrame
{
    /** More names than this in one save is not a session, it is an attack or a bug. */
    static final int MAX_NAMES = 65_536;

    final byte[] buffer;
    final String scope;
    final int idOffset;
    final int idLength;
    final boolean replace;
    final long baseVersion;
    final SessionMetadata metadata;
    /** Names [0, setCount) are set, names [setCount, nameCount) are removed. */
    final int setCount;
    final int nameCount;
    private final int[] nameOffsets;
    private final int[] nameLengths;
    private final int[] valueOffsets;
    private final int[] valueLengths;
    private int[] index;

    private SaveFrame(WireReader in)
    {
        buffer = in.array();
        scope = in.string();
        idOffset = in.skipString();
        idLength = in.position() - idOffset;
        replace = in.bool();
        baseVersion = in.nonNegativeI64("baseVersion");
        metadata = in.metadata();
        setCount = in.count("set attribute", 2 + 4);
        checkNameCount(setCount);
        int[] offsets = new int[setCount];
        int[] lengths = new int[setCount];
        valueOffsets = new int[setCount];
        valueLengths = new int[setCount];
        for (int i = 0; i < setCount; i++)
        {
            offsets[i] = in.skipString();
            lengths[i] = in.position() - offsets[i];
            valueLengths[i] = in.bytesLength();
            valueOffsets[i] = in.position();
            in.skip(valueLengths[i]);
        }
        int removeCount = in.count("removed attribute", 2);
        checkNameCount(setCount + removeCount);
        nameCount = setCount + removeCount;
        nameOffsets = Arrays.copyOf(offsets, nameCount);
        nameLengths = Arrays.copyOf(lengths, nameCount);
        for (int i = setCount; i < nameCount; i++)
        {
            nameOffsets[i] = in.skipString();
            nameLengths[i] = in.position() - nameOffsets[i];
        }
        in.expectEnd();
        buildIndex();
    }

    static SaveFrame parse(WireReader in)
    {
        return new SaveFrame(in);
    }

    int nameOffset(int i)
    {
        return nameOffsets[i];
    }

    int nameLength(int i)
    {
        return nameLengths[i];
    }

    int valueOffset(int i)
    {
        return valueOffsets[i];
    }

    int valueLength(int i)
    {
        return valueLengths[i];
    }

    /** The position of a name among set ∪ removed, or -1. */
    int find(byte[] bytes, int offset, int length)
    {
        int mask = index.length - 1;
        for (int slot = hash(bytes, offset, length) & mask;; slot = (slot + 1) & mask)
        {
            int candidate = index[slot] - 1;
            if (candidate < 0)
            {
                return -1;
            }
            if (Arrays.equals(buffer, nameOffsets[candidate], nameOffsets[candidate] + nameLengths[candidate],
                bytes, offset, offset + length))
            {
                return candidate;
            }
        }
    }

    /** Open-addressing index of the names (slot value = position + 1); also rejects a name given twice. */
    private void buildIndex()
    {
        index = new int[Integer.highestOneBit(Math.max(2, nameCount) * 2) * 2];
        int mask = index.length - 1;
        for (int i = 0; i < nameCount; i++)
        {
            if (find(buffer, nameOffsets[i], nameLengths[i]) >= 0)
            {
                throw new MalformedMessageException("attribute '" + WireReader.decodeUtf8Lenient(buffer,
                    nameOffsets[i], nameLengths[i]) + "' appears more than once in the save");
            }
            int slot = hash(buffer, nameOffsets[i], nameLengths[i]) & mask;
            while (index[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            index[slot] = i + 1;
        }
    }

    private static int hash(byte[] bytes, int offset, int length)
    {
        int h = 0x811C9DC5;
        for (int i = offset; i < offset + length; i++)
        {
            h = (h ^ (bytes[i] & 0xFF)) * 0x01000193;
        }
        return h ^ h >>> 15;
    }

    private static void checkNameCount(int count)
    {
        if (count > MAX_NAMES)
        {
            throw new MalformedMessageException("a save may name at most " + MAX_NAMES + " attributes, this one "
                + count);
        }
    }
}
