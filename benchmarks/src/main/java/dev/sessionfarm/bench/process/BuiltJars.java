package dev.sessionfarm.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.ChildProcessBuilder;

/**
 * The runnable jars the other modules build, copied into the run's work directory before anything starts from
 * them: others rebuild them in this tree while a run may be under way, and a jar replaced under a running JVM
 * breaks it.
 */
public final class BuiltJars
{
    static final String FARM_JAR = "webapp/target/session-farm.jar";
    static final String STATE_SERVER_JAR = "state-server/target/state-server.jar";
    private static final String STATE_SERVER_MAIN = "dev.sessionfarm.stateserver.StateServerMain";

    private BuiltJars()
    {
    }

    /** The demo's jar (farm, node and state-server commands); it must have been built. */
    public static synchronized Path farmJar(RunSettings settings)
    {
        Path built = settings.projectRoot().resolve(FARM_JAR);
        if (!Files.isRegularFile(built))
            throw new IllegalStateException("no " + built + "; build it first: mvn -B -q package -DskipTests");
        return copied(settings, built, "session-farm.jar");
    }

    /** How to start the state server: its own jar when built, else this JVM's class path (it holds the server). */
    public static synchronized ChildProcessBuilder stateServer(RunSettings settings)
    {
        Path built = settings.projectRoot().resolve(STATE_SERVER_JAR);
        if (Files.isRegularFile(built))
            return ChildProcess.javaJar(copied(settings, built, "state-server.jar"));
        return ChildProcess.java(STATE_SERVER_MAIN);
    }

    private static Path copied(RunSettings settings, Path built, String name)
    {
        Path copy = settings.workDir().resolve(name);
        try
        {
            if (!Files.exists(copy))
                Files.copy(built, copy, StandardCopyOption.COPY_ATTRIBUTES);
            return copy;
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("cannot copy " + built, e);
        }
    }
}
