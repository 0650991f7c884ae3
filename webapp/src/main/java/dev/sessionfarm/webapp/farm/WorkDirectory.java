package dev.sessionfarm.webapp.farm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A farm's temporary directory: the state server's key file and data, and the embedded PostgreSQL's data. It records the
 * launcher's pid, so that a later farm can remove the directory of a launcher that was killed outright (SIGKILL
 * leaves no chance to clean up), and the PostgreSQL server with it if that is still running.
 */
final class WorkDirectory
{
    private static final Logger LOG = LoggerFactory.getLogger(WorkDirectory.class);
    private static final String PREFIX = "session-farm-run-";
    private static final String LAUNCHER_PID = "launcher.pid";
    static final String POSTGRES = "postgres";
    static final String POSTGRES_PASSWORD = "postgres.password";
    static final String STATE_SERVER = "state-server";

    private final Path path;

    private WorkDirectory(Path path)
    {
        this.path = path;
    }

    static WorkDirectory create() throws IOException
    {
        Path path = Files.createTempDirectory(PREFIX);
        Files.writeString(path.resolve(LAUNCHER_PID), String.valueOf(ProcessHandle.current().pid()));
        return new WorkDirectory(path);
    }

    Path resolve(String name)
    {
        return path.resolve(name);
    }

    /** Removes the directories of farms whose launcher is gone. */
    static void removeAbandoned()
    {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*"))
        {
            for (Path dir : dirs)
            {
                Optional<Long> launcher = pid(dir.resolve(LAUNCHER_PID));
                if (launcher.isPresent() && ProcessHandle.of(launcher.get()).map(h -> !h.isAlive()).orElse(true))
                {
                    LOG.info("Removing {}, left behind by a farm launcher that was killed", dir);
                    new WorkDirectory(dir).delete();
                }
            }
        }
        catch (IOException e)
        {
            LOG.debug("Could not look for abandoned farm directories in {}", tmp, e);
        }
    }

    /**
     * Stops each PostgreSQL still running on this directory's data (its own process died first; with partitions
     * there is one per {@code postgres*} folder), then deletes it all.
     */
    void delete()
    {
        try (DirectoryStream<Path> databases = Files.newDirectoryStream(path, POSTGRES + "*"))
        {
            for (Path database : databases)
                pid(database.resolve("postmaster.pid")).flatMap(ProcessHandle::of)
                    .filter(p -> p.info().command().orElse("").endsWith("postgres"))
                    .ifPresent(WorkDirectory::stop);
        }
        catch (IOException e)
        {
            LOG.debug("Could not look for PostgreSQL data in {}", path, e);
        }
        try (Stream<Path> paths = Files.walk(path))
        {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : deepestFirst)
                Files.deleteIfExists(p);
        }
        catch (IOException e)
        {
            LOG.warn("Could not remove {} completely: {}", path, e.toString());
        }
    }

    /** SIGTERM is PostgreSQL's "smart" shutdown; the farm's nodes are gone by now, so it is quick. */
    private static void stop(ProcessHandle postgres)
    {
        postgres.destroy();
        try
        {
            postgres.onExit().get(10, TimeUnit.SECONDS);
        }
        catch (Exception e)
        {
            postgres.destroyForcibly();
        }
    }

    /** The first line of a pid file as a number, if the file is there. */
    private static Optional<Long> pid(Path file)
    {
        try
        {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            return Optional.of(Long.parseLong(first));
        }
        catch (IOException | NumberFormatException e)
        {
            return Optional.empty();
        }
    }
}
