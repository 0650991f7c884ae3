package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One way of damaging a copy of a data directory: which file, which byte range of the intact file it makes
 * unreadable (offsets of the intact copy), and whether the server should start by itself (damage only at the very
 * end of the newest log, which is what a crash during a write leaves) or refuse until told to repair.
 */
record DamageCase(String name, String file, long from, long to, boolean startsByItself, Mutation mutation)
{
    interface Mutation
    {
        void apply(Path file) throws IOException;
    }

    void applyTo(Path dir)
    {
        try
        {
            mutation.apply(dir.resolve(file));
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    static DamageCase flip(String file, long offset, int xor, boolean startsByItself)
    {
        return new DamageCase("flip " + file + " @" + offset, file, offset, offset + 1, startsByItself, path ->
        {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                ByteBuffer one = ByteBuffer.allocate(1);
                channel.read(one, offset);
                one.put(0, (byte)(one.get(0) ^ xor)).rewind();
                channel.write(one, offset);
            }
        });
    }

    static DamageCase tailCut(String file, long size, int bytes, boolean startsByItself)
    {
        return new DamageCase("cut last " + bytes + " B of " + file, file, size - bytes, size, startsByItself,
            path ->
            {
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
                {
                    channel.truncate(size - bytes);
                }
            });
    }

    /** Removes bytes from the middle, so everything after them moves: a lost block of a file system. */
    static DamageCase middleCut(String file, long from, int bytes)
    {
        return new DamageCase("cut " + bytes + " B from " + file + " @" + from, file, from, from + bytes, false,
            path ->
            {
                byte[] all = Files.readAllBytes(path);
                byte[] cut = new byte[all.length - bytes];
                System.arraycopy(all, 0, cut, 0, (int)from);
                System.arraycopy(all, (int)from + bytes, cut, (int)from, all.length - (int)from - bytes);
                Files.write(path, cut);
            });
    }

    /** Zeroes the 4 KiB page holding {@code offset} (or what of it the file has): a page the disk lost. */
    static DamageCase zeroPage(String file, long size, long offset, boolean startsByItself)
    {
        long from = offset / 4096 * 4096;
        long to = Math.min(size, from + 4096);
        return new DamageCase("zero 4 KiB page of " + file + " @" + from, file, from, to, startsByItself, path ->
        {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
            {
                channel.write(ByteBuffer.wrap(new byte[(int)(to - from)]), from);
            }
        });
    }

    static DamageCase missing(String file, long size)
    {
        return new DamageCase("missing " + file, file, 0, size, false, Files::delete);
    }

    /** Half a record appended: what a crash in the middle of a write leaves. Touches no acknowledged record. */
    static DamageCase tornAppend(String file, long size)
    {
        return new DamageCase("torn write appended to " + file, file, size, size + 14, true, path ->
        {
            byte[] torn = Arrays.copyOf(Files.readAllBytes(path), (int)size + 14);
            ByteBuffer.wrap(torn, (int)size, 14).putInt(0xFE5A17C3).putInt(500).putInt(0xCAFE);
            Files.write(path, torn);
        });
    }
}
