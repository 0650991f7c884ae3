package dev.sessionfarm.stateserver;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The --data-dir: its exclusive lock and the naming of its snapshot and log files. */
final class DataDir implements Closeable
{
    static final String LOG_PREFIX = "log-";
    static final String LOG_SUFFIX = ".sfl";
    static final String SNAPSHOT_PREFIX = "snapshot-";
    static final String SNAPSHOT_SUFFIX = ".sfs";
    static final String TEMPORARY_SUFFIX = ".tmp";

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDir(Path path, FileChannel lockChannel, FileLock lock)
    {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory if needed and locks it, so two servers never write the same log. */
    static DataDir open(Path path) throws IOException
    {
        Files.createDirectories(path);
        FileChannel channel = FileChannel.open(path.resolve("lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null)
        {
            channel.close();
            throw new IllegalStateException("data directory " + path + " is in use by another state server"
                + " (its lock file is held); stop that server or choose another --data-dir");
        }
        return new DataDir(path, channel, lock);
    }

    Path path()
    {
        return path;
    }

    Path snapshot(long generation)
    {
        return path.resolve(String.format(Locale.ROOT, "%s%012d%s", SNAPSHOT_PREFIX, generation, SNAPSHOT_SUFFIX));
    }

    /** Generation numbers of the files with this prefix and suffix, ascending. */
    List<Long> generations(String prefix, String suffix) throws IOException
    {
        List<Long> generations = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path, prefix + "*" + suffix))
        {
            for (Path file : files)
            {
                String name = file.getFileName().toString();
                try
                {
                    generations.add(Long.parseLong(name.substring(prefix.length(), name.length() - suffix.length())));
                }
                catch (NumberFormatException ignored)
                {
                    // Not one of ours.
                }
            }
        }
        generations.sort(null);
        return generations;
    }

    /** Removes half-written snapshots left by a crash. */
    void deleteTemporaryFiles() throws IOException
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path, "*" + TEMPORARY_SUFFIX))
        {
            for (Path file : files)
            {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Makes a file creation, rename or deletion in the directory itself durable. */
    static void syncDirectory(Path dir) throws IOException
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }

    @Override
    public void close() throws IOException
    {
        lock.release();
        lockChannel.close();
    }
}
