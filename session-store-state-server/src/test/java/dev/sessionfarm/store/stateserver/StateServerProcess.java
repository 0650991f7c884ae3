package dev.sessionfarm.store.stateserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.ChildProcessBuilder;
import dev.sessionfarm.process.Ports;
import dev.sessionfarm.stateclient.StateServerClient;

/**
 * The state server as a real separate process, started from this JVM's class path on a free loopback port with a
 * fresh key. {@link #stop()} sends SIGTERM, {@link #kill()} kill -9; {@link #start()} brings it back on the same
 * port, key and data directory. Always {@link #close()} it: the process must not outlive the test.
 */
public final class StateServerProcess implements AutoCloseable
{
    private final Path workDir;
    private final Path keyFile;
    private final int port;
    private final List<String> extraArgs;
    private ChildProcess process;

    private StateServerProcess(Path workDir, Path keyFile, int port, List<String> extraArgs)
    {
        this.workDir = workDir;
        this.keyFile = keyFile;
        this.port = port;
        this.extraArgs = extraArgs;
    }

    /** @param persistent with a data directory and {@code --fsync always}: acknowledged writes survive restarts */
    public static StateServerProcess start(boolean persistent)
    {
        return start(persistent, new String[0]);
    }

    /** @param options more {@code serve} options, e.g. {@code --max-protocol-version 1} */
    public static StateServerProcess start(boolean persistent, String... options)
    {
        return start(persistent, null, options);
    }

    /** Another server with the same key as {@code first}, as partitions of one farm have. */
    public static StateServerProcess sharingKeyWith(StateServerProcess first, boolean persistent)
    {
        return start(persistent, first.keyFile);
    }

    private static StateServerProcess start(boolean persistent, Path sharedKey, String... options)
    {
        try
        {
            Path dir = Files.createTempDirectory("session-farm-state-");
            Path key = sharedKey != null ? sharedKey : dir.resolve("state-server.key");
            if (sharedKey == null)
                server().name("state-server keygen").args("keygen", "--out", key.toString()).start()
                    .awaitSuccess(Duration.ofSeconds(60));
            List<String> args = new ArrayList<>();
            if (persistent)
                args.addAll(List.of("--data-dir", dir.resolve("data").toString(), "--fsync", "always"));
            args.addAll(List.of(options));
            StateServerProcess server = new StateServerProcess(dir, key, Ports.free(), args);
            try
            {
                server.start();
            }
            catch (RuntimeException | Error e)
            {
                server.close();
                throw e;
            }
            return server;
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

    public Path keyFile()
    {
        return keyFile;
    }

    public synchronized void start()
    {
        if (process != null && process.isAlive())
            return;
        process = server().args("serve", "--port", String.valueOf(port), "--key-file", keyFile.toString())
            .args(extraArgs).log(workDir.resolve("server.log")).start();
        try (StateServerClient client = client(Duration.ofSeconds(1)))
        {
            process.awaitCondition("answer a ping", Duration.ofSeconds(60), () ->
            {
                try
                {
                    client.ping();
                    return true;
                }
                catch (RuntimeException notYet)
                {
                    return false;
                }
            });
        }
    }

    public StateServerClient client(Duration timeout)
    {
        try
        {
            return StateServerClient.builder().address("127.0.0.1", port).keyFile(keyFile)
                .connectTimeout(timeout).networkTimeout(timeout).poolSize(2).build();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** The running server's process, e.g. to freeze it with {@link Suspension}. */
    public synchronized ProcessHandle process()
    {
        return process.handle();
    }

    /** SIGTERM, and wait for the process to end (kill -9 after 30 s). */
    public synchronized void stop()
    {
        end(false);
    }

    /** kill -9, and wait for the process to end. */
    public synchronized void kill()
    {
        end(true);
    }

    private void end(boolean forcibly)
    {
        if (process == null)
            return;
        if (forcibly)
            process.kill();
        else
            process.stop();
        process = null;
    }

    @Override
    public synchronized void close()
    {
        kill();
        try (var paths = Files.walk(workDir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (IOException ignored)
        {
            // a leftover temp directory is harmless
        }
    }

    private static ChildProcessBuilder server()
    {
        return ChildProcess.java("dev.sessionfarm.stateserver.StateServerMain").name("state-server")
            .jvmOptions("-Xmx256m").grace(Duration.ofSeconds(30));
    }
}
