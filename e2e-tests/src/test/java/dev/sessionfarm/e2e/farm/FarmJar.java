package dev.sessionfarm.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The webapp's runnable jar, copied once per test run into a directory of its own. Every process runs from the
 * copy: other builds in the same tree rewrite {@code webapp/target/session-farm.jar}, and a JVM whose jar is
 * rewritten under it fails at its next class load.
 */
public final class FarmJar
{
    private static final String LOCATION = "sessionfarm.jar";
    private static Path copy;

    private FarmJar()
    {
    }

    public static synchronized Path path()
    {
        if (copy != null)
            return copy;
        Path built =
            Path.of(System.getProperty(LOCATION, "../webapp/target/session-farm.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(built))
            throw new IllegalStateException(built + " is missing: the end-to-end tests run the packaged webapp. "
                + "Run them with 'mvn verify' (from the repository root), which packages it first.");
        try
        {
            Path dir = Files.createTempDirectory("session-farm-e2e-jar-");
            // Deleted at exit in the reverse order of registration: the jar first, then its (then empty) folder.
            dir.toFile().deleteOnExit();
            copy = Files.copy(built, dir.resolve("session-farm.jar"), StandardCopyOption.COPY_ATTRIBUTES);
            copy.toFile().deleteOnExit();
            return copy;
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("Cannot copy " + built, e);
        }
    }

    /** Where the tests write what they leave for people to look at: logs, screenshots. */
    public static Path outputDirectory(String name)
    {
        Path dir = Path.of(System.getProperty("e2e.output", "target")).resolve(name);
        try
        {
            return Files.createDirectories(dir);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
