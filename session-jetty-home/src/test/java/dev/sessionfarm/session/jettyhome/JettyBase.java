package dev.sessionfarm.session.jettyhome;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.ChildProcessBuilder;
import dev.sessionfarm.process.Ports;

/**
 * A jetty-base made as a user makes one: our build's jetty-base files copied in, modules enabled with
 * {@code start.jar --add-modules}, settings appended to the ini files that creates. The server runs as a child
 * process ({@code java -jar start.jar}), logging to {@code jetty.log} in the base; {@link #close()} leaves no
 * process behind.
 */
final class JettyBase implements AutoCloseable
{
    static final Path JETTY_HOME = Path.of(System.getProperty("jetty.home"));
    static final Path FARM_FILES = Path.of(System.getProperty("farm.jetty-base"));

    private final String name;
    private final Path base;
    private final int port;
    private ChildProcess process;

    private JettyBase(String name, Path base, int port)
    {
        this.name = name;
        this.base = base;
        this.port = port;
    }

    /**
     * A jetty-base with our files and {@code modules} enabled, as {@code start.jar --add-modules} leaves it, and
     * the counter WAR deployed; {@link #of} copies it for each server.
     */
    static Path template(Path parent, String modules) throws IOException
    {
        Path base = parent.resolve("template");
        deleteTree(base);
        copyTree(FARM_FILES, base);
        run(base, "--add-modules=" + modules);
        CounterWebapp.build(base.resolve("webapps/counter"));
        return base;
    }

    /** @param ini per ini file in start.d, the lines to append (e.g. this store's settings) */
    static JettyBase of(Path template, String name, Map<String, List<String>> ini) throws IOException
    {
        Path base = template.resolveSibling(name);
        deleteTree(base);
        copyTree(template, base);
        JettyBase jetty = new JettyBase(name, base, Ports.free());
        Map<String, List<String>> all = new java.util.LinkedHashMap<>(ini);
        all.put("http.ini", List.of("jetty.http.port=" + jetty.port, "jetty.http.host=127.0.0.1"));
        all.put("sessions.ini", List.of("jetty.sessionIdManager.workerName=" + name));
        all.put("session-farm.ini", List.of("session.allowedClasses=demo.*"));
        for (Map.Entry<String, List<String>> file : all.entrySet())
            Files.write(base.resolve("start.d").resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return jetty;
    }

    Path base()
    {
        return base;
    }

    String url()
    {
        return "http://127.0.0.1:" + port;
    }

    /** What {@code start.jar --list-config} says: the class path, the XML files, the properties in force. */
    String listConfig() throws IOException
    {
        return run(base, "--list-config");
    }

    synchronized void start() throws IOException
    {
        launch();
        awaitReady();
    }

    /** Starts the process without waiting for it, so that several servers start at once. */
    synchronized void launch()
    {
        process = startJar(base).name(name).log(base.resolve("jetty.log")).start();
    }

    void awaitReady()
    {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        // Jetty opens its connector only after the webapps are deployed: any answer means ready.
        process.awaitCondition("answer HTTP on " + url(), Duration.ofSeconds(30), () ->
        {
            try
            {
                client.send(HttpRequest.newBuilder(URI.create(url() + "/ready")).build(),
                    HttpResponse.BodyHandlers.discarding());
                return true;
            }
            catch (IOException notYet)
            {
                return false;
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** SIGTERM, as a service manager stops Jetty: it stops its webapps and closes their store clients. */
    synchronized void stop()
    {
        end(false);
    }

    synchronized void restart() throws IOException
    {
        stop();
        start();
    }

    private synchronized void kill()
    {
        end(true);
    }

    private void end(boolean forcibly)
    {
        if (process == null)
            return;
        List<ProcessHandle> children = process.handle().descendants().toList();
        if (forcibly)
            process.kill();
        else
            process.stop();
        children.forEach(ProcessHandle::destroyForcibly);
        process = null;
    }

    @Override
    public void close()
    {
        kill();
    }

    private static String run(Path base, String... args) throws IOException
    {
        ChildProcess startJar = startJar(base).name("start.jar " + String.join(" ", args)).args(args).start();
        startJar.awaitSuccess(Duration.ofSeconds(60));
        return String.join("\n", startJar.lines());
    }

    private static ChildProcessBuilder startJar(Path base)
    {
        return ChildProcess.javaJar(JETTY_HOME.resolve("start.jar")).directory(base)
            .jvmOptions("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
            .args("jetty.home=" + JETTY_HOME, "jetty.base=" + base).grace(Duration.ofSeconds(20));
    }

    static void copyTree(Path from, Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (Path path : (Iterable<Path>)paths::iterator)
            {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path))
                    Files.createDirectories(target);
                else
                    Files.copy(path, target);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException
    {
        if (!Files.exists(dir))
            return;
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
