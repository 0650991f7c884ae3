package dev.sessionfarm.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.Lifeline;

/**
 * A section of a document's shell blocks, run with bash exactly as a reader would paste them, from the project's
 * root. The processes they start in the background write their pids to {@code $FARM/*.pid} (as the guide's own
 * "stop everything" line expects); those are tracked, and ended on close or when this JVM dies.
 */
public final class Walkthrough implements AutoCloseable
{
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    /** What the shell saw exported at the end of one run, for the next run to go on with. */
    private static final String ENVIRONMENT = "walkthrough.env";

    private final Path root;
    private final Path farm;
    private final Map<String, String> environment;
    private final Map<Long, Lifeline> processes = new LinkedHashMap<>();
    private int runs;

    /**
     * @param root        the directory the commands run in (the project root, as the guide assumes)
     * @param farm        the guide's $FARM
     * @param environment further variables the guide reads (ports, database URL)
     */
    public Walkthrough(Path root, Path farm, Map<String, String> environment)
    {
        this.root = root;
        this.farm = farm;
        this.environment = new LinkedHashMap<>(environment);
        this.environment.put("FARM", farm.toString());
    }

    /** The {@code ```sh} blocks between {@code <!-- section:begin -->} and {@code <!-- section:end -->}. */
    public static List<String> blocks(Path document, String section)
    {
        String text = read(document);
        int begin = text.indexOf("<!-- " + section + ":begin -->");
        int end = text.indexOf("<!-- " + section + ":end -->");
        if (begin < 0 || end < begin)
            throw new IllegalStateException(document + " has no section '" + section + "' (<!-- " + section
                + ":begin --> ... <!-- " + section + ":end -->)");
        List<String> blocks = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(text.substring(begin, end));
        while (m.find())
            blocks.add(m.group(1));
        if (blocks.isEmpty())
            throw new IllegalStateException("section '" + section + "' of " + document + " has no ```sh blocks");
        return blocks;
    }

    /**
     * Runs the blocks in one {@code bash -eu -o pipefail}, after the variables exported by earlier runs, and returns
     * what they printed; a failing command fails the run with all of the output.
     */
    public String run(List<String> blocks, Duration timeout)
    {
        Path log = farm.resolve("run-" + ++runs + ".log");
        StringBuilder script = new StringBuilder();
        if (Files.exists(farm.resolve(ENVIRONMENT)))
            script.append("source \"$FARM/").append(ENVIRONMENT).append("\"\n");
        blocks.forEach(block -> script.append(block).append('\n'));
        script.append("export -p > \"$FARM/").append(ENVIRONMENT).append("\"\n");
        ChildProcess bash = ChildProcess.command("bash", "-eu", "-o", "pipefail", "-c", script.toString())
            .name("walkthrough").directory(root).environment(environment).log(log).start();
        int exitCode;
        try
        {
            exitCode = bash.awaitExit(timeout);
        }
        finally
        {
            trackStartedProcesses();
        }
        String output = String.join("\n", bash.lines());
        if (exitCode != 0)
            throw new AssertionError("the walkthrough failed (exit " + exitCode + "):\n" + output);
        return output;
    }

    /** A file the walkthrough wrote, e.g. a log. */
    public String file(String name)
    {
        return read(farm.resolve(name));
    }

    private void trackStartedProcesses()
    {
        try (Stream<Path> files = Files.list(farm))
        {
            for (Path pidFile : files.filter(f -> f.toString().endsWith(".pid")).toList())
            {
                String pid = Files.readString(pidFile).strip();
                ProcessHandle.of(Long.parseLong(pid)).filter(p -> !processes.containsKey(p.pid())).ifPresent(p ->
                {
                    Leftovers.track(p);
                    processes.put(p.pid(), Lifeline.arm(p, "KILL"));
                });
            }
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM to everything it started (nginx's workers and each JVM end with their parent), then kill -9. */
    @Override
    public void close()
    {
        List<ProcessHandle> alive = new ArrayList<>();
        processes.keySet().forEach(pid -> ProcessHandle.of(pid).ifPresent(alive::add));
        alive.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (ProcessHandle process : alive)
        {
            List<ProcessHandle> children = process.descendants().toList();
            process.onExit().completeOnTimeout(process, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                .join();
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        processes.values().forEach(Lifeline::disarm);
        processes.clear();
    }

    private static String read(Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
