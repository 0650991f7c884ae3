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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private Process process;
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
        List<String> command = javaCommand();
        command.add("serve");
        command.add("--port");
        command.add(String.valueOf(port));
        command.addAll(args);
        long logStart = logLength();
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
        waitUntil(START_TIMEOUT, () ->
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException("state server exited with " + process.exitValue() + ":\n" + logText());
            }
            Matcher listening = LISTENING.matcher(logText().substring((int)logStart));
            if (listening.find())
            {
                port = Integer.parseInt(listening.group(1));
                return true;
            }
            return false;
        }, "state server to log its address");
        try (StateServerClient probe = builder().networkTimeout(Duration.ofSeconds(5)).build())
        {
            probe.ping();
        }
    }

    /** Runs the server command and waits for it to exit: for start-up refusals. */
    Result runToExit(String... commandArgs)
    {
        List<String> command = javaCommand();
        command.addAll(List.of(commandArgs));
        try
        {
            Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!run.waitFor(30, TimeUnit.SECONDS))
            {
                run.destroyForcibly();
                throw new AssertionError("state-server " + List.of(commandArgs) + " did not exit:\n" + output);
            }
            return new Result(run.exitValue(), output);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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

    /** SIGTERM, and wait for the process to end; returns its exit code. */
    int stop()
    {
        process.destroy();
        return awaitExit();
    }

    /** kill -9, and wait for the process to end. */
    void kill9()
    {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGSTOP, and wait until the kernel shows the process stopped: the signal alone returns before that. */
    void suspend()
    {
        signal("STOP");
        waitUntil(Duration.ofSeconds(5), this::isStopped, "the server process to be stopped");
    }

    /** Every thread of the process, not only its first, since a group stop reaches them one by one. */
    private boolean isStopped()
    {
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid()), "task")))
        {
            for (Path task : (Iterable<Path>)tasks::iterator)
            {
                String stat = Files.readString(task.resolve("stat"));
                if (!stat.substring(stat.lastIndexOf(')') + 2).startsWith("T"))
                {
                    return false;
                }
            }
            return true;
        }
        catch (IOException e)
        {
            return false;
        }
    }

    void resume()
    {
        signal("CONT");
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
        if (process != null && process.isAlive())
        {
            resume();
            process.destroyForcibly();
            awaitExit();
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

    private int awaitExit()
    {
        try
        {
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            return process.exitValue();
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void signal(String signal)
    {
        try
        {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0)
            {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
            }
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private long logLength()
    {
        return logText().length();
    }

    private static List<String> javaCommand()
    {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StateServerMain.class.getName());
        return command;
    }
}
