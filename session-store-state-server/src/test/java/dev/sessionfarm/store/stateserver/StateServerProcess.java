package dev.sessionfarm.store.stateserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.sessionfarm.stateclient.StateServerClient;

import static org.awaitility.Awaitility.await;

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
    private Process process;

    private StateServerProcess(Path workDir, Path keyFile, int port, List<String> extraArgs)
    {
        this.workDir = workDir;
        this.keyFile = keyFile;
        this.port = port;
        this.extraArgs = extraArgs;
        // Even if a test forgets to close it, or the test JVM is stopped, the server does not outlive the JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill, "state-server-kill"));
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
                run(List.of("keygen", "--out", key.toString()));
            List<String> args = new ArrayList<>();
            if (persistent)
                args.addAll(List.of("--data-dir", dir.resolve("data").toString(), "--fsync", "always"));
            args.addAll(List.of(options));
            StateServerProcess server = new StateServerProcess(dir, key, freePort(), args);
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
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of("serve", "--port", String.valueOf(port), "--key-file", keyFile.toString()));
        command.addAll(extraArgs);
        try
        {
            process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("server.log").toFile()))
                .start();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
        try (StateServerClient client = client(Duration.ofSeconds(1)))
        {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() ->
                {
                    if (!process.isAlive())
                        throw new IllegalStateException(
                            "state server exited: " + Files.readString(workDir.resolve("server.log")));
                    client.ping();
                    return true;
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
        return process.toHandle();
    }

    /** SIGTERM, and wait for the process to end. */
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
            process.destroyForcibly();
        else
            process.destroy();
        try
        {
            if (!process.waitFor(30, TimeUnit.SECONDS))
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
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

    private static List<String> javaCommand()
    {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-cp", System.getProperty("java.class.path"), "dev.sessionfarm.stateserver.StateServerMain");
    }

    private static void run(List<String> args) throws IOException
    {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try
        {
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
                throw new IOException("state-server " + args + " failed: " + output);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
