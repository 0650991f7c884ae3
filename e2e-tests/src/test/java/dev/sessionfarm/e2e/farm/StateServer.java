package dev.sessionfarm.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.sessionfarm.process.ChildProcess;

/**
 * The state server, with a key generated for the farm. With a data directory ({@code --fsync always}) a restart
 * loses nothing acknowledged; without one, a restart loses every session.
 */
public final class StateServer extends Service
{
    private static final Pattern LISTENING = Pattern.compile("state server listening on");

    private final Path keyFile;
    private final Path dataDirectory;
    private volatile boolean persistent = true;

    /** @param keyFile the farm's shared key (from {@link #keygen}); every partition's server uses the same */
    StateServer(String name, Path keyFile, Path dataDirectory, Path logDirectory, FarmEvents events)
    {
        super(name, logDirectory, events);
        this.keyFile = keyFile;
        this.dataDirectory = dataDirectory;
    }

    /** Generates the farm's key into the work directory and returns its path. */
    static Path keygen(Path workDirectory, Path logDirectory)
    {
        Path keyFile = workDirectory.resolve("state-server.key");
        ChildProcess keygen = FarmJar.start("keygen", List.of("-Xmx64m"),
            List.of("state-server", "keygen", "--out", keyFile.toString()), logDirectory.resolve("keygen.log"));
        keygen.awaitSuccess(START_TIMEOUT);
        if (!Files.isRegularFile(keyFile))
            throw new IllegalStateException("state-server keygen wrote no key: " + keygen.tail());
        return keyFile;
    }

    /** Whether the next start keeps its data in a data directory; false also empties it, as a fresh machine would be. */
    public void persistent(boolean keep)
    {
        persistent = keep;
        if (!keep)
            deleteData();
    }

    private void deleteData()
    {
        if (!Files.exists(dataDirectory))
            return;
        try (var paths = Files.walk(dataDirectory))
        {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList())
                Files.delete(p);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    public Path keyFile()
    {
        return keyFile;
    }

    @Override
    List<String> command()
    {
        List<String> command = new ArrayList<>(List.of("state-server", "serve", "--bind", "127.0.0.1", "--port",
            String.valueOf(port()), "--key-file", keyFile.toString(), "--max-memory", "256m"));
        if (persistent)
            command.addAll(List.of("--data-dir", dataDirectory.toString(), "--fsync", "always"));
        return command;
    }

    @Override
    List<String> jvmOptions()
    {
        return List.of("-Xmx384m");
    }

    @Override
    Pattern ready()
    {
        return LISTENING;
    }
}
