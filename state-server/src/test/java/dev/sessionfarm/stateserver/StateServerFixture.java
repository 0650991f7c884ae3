package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.ChildProcessBuilder;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateprotocol.SharedKeys;

/**
 * The state server as a real separate process, started from this JVM's class path. The first start picks a free
 * port (--port 0, read back from the log); restarts reuse it, so clients see the same address. Always close the
 * fixture: it kills the process even if the test failed.
 */
final class StateServerFixture implements AutoCloseable
{
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path keyFile;
    private final List<String> args;
    private final List<StateServerClient> clients = Collections.synchronizedList(new ArrayList<>());
    private Consumer<StateServerClient.Builder> clientSettings = builder ->
    {
    };
    private ChildProcess process;
    private int port;

    private StateServerFixture(Path dir, Path keyFile, List<String> args)
    {
        this.dir = dir;
        this.keyFile = keyFile;
        this.args = args;
    }

    /** A server with a fresh key file, plus the given options. */
    static StateServerFixture startWithKey(String... options)
    {
        StateServerFixture fixture = create(true, options);
        fixture.start();
        return fixture;
    }

    static StateServerFixture startWithoutKey(String... options)
    {
        StateServerFixture fixture = create(false, options);
        fixture.start();
        return fixture;
    }

    /** A fixture not yet started, for tests that add files (key stores) or expect the start to fail. */
    static StateServerFixture create(boolean withKey, String... options)
    {
        try
        {
            Files.createDirectories(Path.of("target", "state-server-tests"));
            Path dir = Files.createTempDirectory(Path.of("target", "state-server-tests"), "server-").toAbsolutePath();
            Path key = null;
            if (withKey)
            {
                key = dir.resolve("state.key");
                Files.writeString(key, SharedKeys.generateEncoded(new SecureRandom()) + "\n");
                Files.setPosixFilePermissions(key,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            List<String> args = new ArrayList<>();
            if (key != null)
            {
                args.add("--key-file");
                args.add(key.toString());
            }
            args.addAll(List.of(options));
            return new StateServerFixture(dir, key, args);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings every client of this fixture gets (such as a TLS trust store); returns the unstarted fixture. */
    StateServerFixture withClientSettings(Consumer<StateServerClient.Builder> settings)
    {
        this.clientSettings = settings;
        return this;
    }

    /** Adds --data-dir (a directory inside this fixture's) and returns the fixture, still unstarted. */
    StateServerFixture withDataDir()
    {
        args.add("--data-dir");
        args.add(dataDir().toString());
        return this;
    }

    Path dataDir()
    {
        return dir.resolve("data");
    }

    Path dir()
    {
        return dir;
    }

    Path keyFile()
    {
        return keyFile;
    }

    int port()
    {
        return port;
    }

    String address()
    {
        return "127.0.0.1:" + port;
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process != null && process.isAlive();
    }

    synchronized void start()
    {
        process = server().args("serve", "--port", String.valueOf(port)).args(args).log(log()).start();
        port = Integer.parseInt(process.awaitLine(LISTENING, START_TIMEOUT));
        try (StateServerClient probe = builder().networkTimeout(Duration.ofSeconds(5)).build())
        {
            probe.ping();
        }
    }

    /** Runs the server command and waits for it to exit: for start-up refusals. */
    Result runToExit(String... commandArgs)
    {
        ChildProcess run = server().args(commandArgs).start();
        int exitCode = run.awaitExit(Duration.ofSeconds(30));
        return new Result(exitCode, String.join("\n", run.lines()));
    }

    record Result(int exitCode, String output)
    {
    }

    /** A client builder for this server: its key, short timeouts, and the fixture's client settings. */
    StateServerClient.Builder builder()
    {
        StateServerClient.Builder builder = plainBuilder();
        clientSettings.accept(builder);
        return builder;
    }

    /** Like {@link #builder()} without the fixture's client settings. */
    StateServerClient.Builder plainBuilder()
    {
        StateServerClient.Builder builder = StateServerClient.builder().address("127.0.0.1", port)
            .connectTimeout(Duration.ofSeconds(5)).networkTimeout(Duration.ofSeconds(10)).poolSize(2);
        if (keyFile != null)
        {
            try
            {
                builder.keyFile(keyFile);
            }
            catch (IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
        return builder;
    }

    /** A client closed with the fixture. */
    StateServerClient client()
    {
        return client(builder ->
        {
        });
    }

    StateServerClient client(Consumer<StateServerClient.Builder> customizer)
    {
        StateServerClient.Builder builder = builder();
        customizer.accept(builder);
        StateServerClient client = builder.build();
        clients.add(client);
        return client;
    }

    Path log()
    {
        return dir.resolve("server.log");
    }

    String logText()
    {
        try
        {
            return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    void awaitLog(String text, Duration timeout)
    {
        waitUntil(timeout, () -> logText().contains(text), "the server log to contain '" + text + "'");
    }

    /** SIGTERM, and wait for the process to end (kill -9 after 30 s); returns its exit code. */
    int stop()
    {
        return process.stop();
    }

    /** kill -9, and wait for the process to end. */
    void kill9()
    {
        process.kill();
    }

    /** SIGSTOP, returning once the kernel shows the process stopped: the signal alone returns before that. */
    void suspend()
    {
        process.suspend();
    }

    void resume()
    {
        process.resume();
    }

    /** Resident set size of the server process, from /proc. */
    long rssKilobytes()
    {
        try
        {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status")))
            {
                if (line.startsWith("VmRSS:"))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no VmRSS for " + pid());
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close()
    {
        synchronized (clients)
        {
            clients.forEach(StateServerClient::close);
            clients.clear();
        }
        if (process != null)
        {
            process.close();
        }
    }

    static void waitUntil(Duration timeout, BooleanSupplier condition, String what)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try
            {
                Thread.sleep(20);
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static ChildProcessBuilder server()
    {
        return ChildProcess.java(StateServerMain.class.getName()).name("state-server")
            .jvmOptions("-Xmx256m", "-XX:+UseSerialGC").grace(Duration.ofSeconds(30));
    }
}
