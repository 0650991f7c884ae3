package dev.sessionfarm.bench.stateserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.process.BuiltJars;
import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.ChildProcessBuilder;
import dev.sessionfarm.process.Ports;
import dev.sessionfarm.stateclient.StateServerClient;

/**
 * Our state server as a real separate process on a free loopback port, with a fresh shared key or a given one; it
 * can be stopped and started again on the same port, key and options (and so the same data directory).
 */
public final class StateServerInstance implements AutoCloseable
{
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final RunSettings settings;
    private final String name;
    private final List<String> jvmOptions;
    private final List<String> serveOptions;
    private final Path keyFile;
    private final int port;
    private ChildProcess process;

    private StateServerInstance(RunSettings settings, String name, List<String> jvmOptions, List<String> serveOptions,
                                Path keyFile, int port)
    {
        this.settings = settings;
        this.name = name;
        this.jvmOptions = jvmOptions;
        this.serveOptions = serveOptions;
        this.keyFile = keyFile;
        this.port = port;
    }

    /**
     * @param jvmOptions   e.g. a heap size
     * @param serveOptions options of the serve command besides port and key, e.g. --data-dir
     */
    public static StateServerInstance start(RunSettings settings, String name, List<String> jvmOptions,
                                            List<String> serveOptions)
    {
        return start(settings, name, jvmOptions, serveOptions, generateKey(settings, name));
    }

    /**
     * A server with a key made earlier: the partitions of one farm share a key, since a node presents the same key
     * to each of them.
     */
    public static StateServerInstance start(RunSettings settings, String name, List<String> jvmOptions,
                                            List<String> serveOptions, Path keyFile)
    {
        StateServerInstance server = new StateServerInstance(settings, name, jvmOptions, serveOptions, keyFile,
            Ports.free());
        server.start();
        return server;
    }

    /** A fresh shared key in the work directory, named after {@code name}. */
    public static Path generateKey(RunSettings settings, String name)
    {
        Path keyFile = settings.workDir().resolve(name + ".key");
        try (ChildProcess generator = command(settings, List.of()).name(name + "-keygen")
            .args("keygen", "--out", keyFile.toString(), "--force")
            .log(settings.workDir().resolve(name + "-keygen.log")).start())
        {
            generator.awaitSuccess(START_TIMEOUT);
        }
        return keyFile;
    }

    /** Starts the process (again) and returns once its port accepts connections. */
    public void start()
    {
        process = launch();
        process.awaitPort(port, START_TIMEOUT);
    }

    /** Starts the process without waiting: for measuring how long it takes to serve. */
    public ChildProcess launch()
    {
        List<String> serve = new ArrayList<>(List.of("serve", "--bind", "127.0.0.1", "--port", String.valueOf(port),
            "--key-file", keyFile.toString()));
        serve.addAll(serveOptions);
        process = command(settings, jvmOptions).name(name).args(serve).log(settings.workDir().resolve(name + ".log"))
            .start();
        return process;
    }

    public StateServerClient client(int poolSize, Duration timeout)
    {
        try
        {
            return StateServerClient.builder().address("127.0.0.1", port).keyFile(keyFile).poolSize(poolSize)
                .connectTimeout(timeout).networkTimeout(timeout).build();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    public String address()
    {
        return "127.0.0.1:" + port;
    }

    public int port()
    {
        return port;
    }

    public Path keyFile()
    {
        return keyFile;
    }

    public long pid()
    {
        return process.pid();
    }

    /** SIGTERM: the server writes and forces its log before it exits. */
    public void stop()
    {
        if (process != null)
            process.stop();
    }

    @Override
    public void close()
    {
        if (process != null)
            process.close();
    }

    private static ChildProcessBuilder command(RunSettings settings, List<String> jvmOptions)
    {
        return BuiltJars.stateServer(settings).jvmOptions(jvmOptions);
    }

    /** The bytes of the data directory, for the table's notes. */
    public static long sizeOf(Path directory)
    {
        try (var files = Files.walk(directory))
        {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
