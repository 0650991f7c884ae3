package dev.sessionfarm.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import dev.sessionfarm.process.ChildProcess;

/**
 * The webapp's runnable jar, copied once per test run into a directory of its own. Every process runs from the
 * copy: other builds in the same tree rewrite {@code webapp/target/session-farm.jar}, and a JVM whose jar is
 * rewritten under it fails at its next class load.
 */
public final class FarmJar
{
    private static final String LOCATION = "sessionfarm.jar";
    private static final String FARM_CHILD = "dev.sessionfarm.webapp.farm.FarmChild";
    private static final String MAIN = "dev.sessionfarm.webapp.Main";
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

    /**
     * One command of the jar ({@code node}, {@code balancer}, {@code state-server}, {@code farm}) as a child JVM, run
     * the way the farm launcher runs its children: under {@code FarmChild}, which exits as soon as its standard
     * input closes, so the child goes when this JVM goes, even by kill -9.
     *
     * @param command the jar's command and its options, e.g. {@code node --port 8081 ...}
     * @param log     appended to: a process restarted under the same name continues its predecessor's log
     */
    public static ChildProcess start(String name, List<String> jvmOptions, List<String> command, Path log)
    {
        ChildProcess child = ChildProcess.javaClass(path().toString(), FARM_CHILD).name(name).jvmOptions(jvmOptions)
            // As the farm launcher starts its children: small, quick-starting JVMs.
            .jvmOptions("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k").args(MAIN).args(command).log(log)
            .start();
        Leftovers.track(child.handle());
        return child;
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
