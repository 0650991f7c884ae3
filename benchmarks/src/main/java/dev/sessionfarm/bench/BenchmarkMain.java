package dev.sessionfarm.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.sessionfarm.bench.codec.CodecComparison;
import dev.sessionfarm.bench.farm.FarmBenchmark;
import dev.sessionfarm.bench.farm.PartitionBenchmark;
import dev.sessionfarm.bench.recovery.RecoveryBenchmark;
import dev.sessionfarm.bench.report.GrowthChart;
import dev.sessionfarm.bench.report.Machine;
import dev.sessionfarm.bench.report.ResultTable;
import dev.sessionfarm.bench.stateserver.MemoryBenchmark;
import dev.sessionfarm.bench.stateserver.StateServerBenchmark;
import dev.sessionfarm.bench.store.SqlStoreBenchmark;
import dev.sessionfarm.model.cli.Commands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs every benchmark and prints one table: each figure of ours against the peer a user would pick instead,
 * measured in the same run, as a ratio, with its target.
 */
@Command(name = "java -jar benchmarks/target/benchmarks.jar", sortOptions = false, description = {
    "(build first, from the project root: mvn -B -q package -DskipTests)",
    "",
    "Measures session-farm against the peers a user would pick instead, each pair in the same run, and",
    "prints one table: figure, ours, peer, ratio, target, met. A full run takes about 20 minutes; run",
    "it on a quiet machine (the table records the load average before and after). The store benchmarks",
    "also draw docs/benchmark-growth.png (a quick run: benchmarks/target/benchmark-growth-quick.png).",
    "",
    "  codec         Kryo session codec vs Java serialization (JMH), on the demo's session objects",
    "  sql           our PostgreSQL store vs Jetty's JDBCSessionDataStore, 3 nodes without sticky",
    "                sessions, sessions of 2/20/200 KB, 1/4/16 callers, PostgreSQL with fsync on",
    "  state-server  our state server vs Redis laid out as Spring Session keeps sessions, same sizes",
    "  farm          3 nodes behind the balancer: state-server and postgres mode vs memory mode, with",
    "                every process on both cores and with the stores on a core of their own; CPU time",
    "                per request of every process group",
    "  partitions    state-server mode farm over 3 state servers vs over 1 (issue 14), each state",
    "                server on its own core where there are enough; no target, reported",
    "  memory        state server heap per stored byte at 100 000 and 1 000 000 sessions",
    "  recovery      node restart and state-server restart (100 000 sessions) to serving",
    ""})
public final class BenchmarkMain implements Callable<Integer>
{
    /** A benchmark's body: adds its rows (and notes) to the table. */
    @FunctionalInterface
    interface Benchmark
    {
        void run(RunSettings settings, ResultTable table, Machine machine) throws Exception;
    }

    static final Map<String, Benchmark> BENCHMARKS = benchmarks();
    static final String PROJECT_ROOT_PROPERTY = "sessionfarm.bench.projectRoot";

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", order = 1, description = "a few seconds per benchmark (what mvn verify runs); figures are not meaningful")
    boolean quick;

    @Option(names = "--only", paramLabel = "A,B", split = ",", order = 2, description = "run only these benchmarks")
    List<String> only = List.of();

    @Option(names = "--jdbc-url", paramLabel = "URL", order = 3, description = "an existing PostgreSQL instead of an embedded one")
    String jdbcUrl;

    @Option(names = "--project-root", paramLabel = "DIR", order = 4, description = "the source tree whose built jars to run (default: the working directory)")
    Path projectRoot = defaultProjectRoot();

    private BenchmarkMain()
    {
    }

    private static Map<String, Benchmark> benchmarks()
    {
        Map<String, Benchmark> all = new LinkedHashMap<>();
        all.put("codec", (settings, table, machine) -> CodecComparison.run(settings, table));
        all.put("sql", SqlStoreBenchmark::run);
        all.put("state-server", StateServerBenchmark::run);
        all.put("farm", FarmBenchmark::run);
        all.put("partitions", PartitionBenchmark::run);
        all.put("memory", MemoryBenchmark::run);
        all.put("recovery", RecoveryBenchmark::run);
        return all;
    }

    public static void main(String[] args)
    {
        Commands.exit(Commands.configure(new CommandLine(new BenchmarkMain())), args);
    }

    @Override
    public Integer call() throws IOException
    {
        Outcome outcome = run(settings(), System.out);
        Path saved = outcome.settings().projectRoot().resolve("benchmarks/target/benchmark-results.md");
        if (Files.isDirectory(saved.getParent()))
        {
            Files.writeString(saved, outcome.tableText());
            System.out.println("(table also written to " + saved + ")");
        }
        return outcome.failures().isEmpty() ? Commands.OK : Commands.FAILURE;
    }

    /**
     * What a run produced: the table as printed, the benchmarks that failed (their notes say why), and the growth
     * chart if the store benchmarks ran.
     */
    public record Outcome(RunSettings settings, ResultTable table, String tableText, List<String> failures,
        Optional<Path> chart)
    {
    }

    /** Callers of the growth chart's points: the middle count, where neither side is idle nor swamped. */
    static final int CHART_CALLERS = 4;

    /** Runs the benchmarks the arguments ask for, printing progress and then the table to {@code out}. */
    public static Outcome run(String[] args, PrintStream out) throws IOException
    {
        BenchmarkMain command = new BenchmarkMain();
        Commands.configure(new CommandLine(command)).parseArgs(args);
        return run(command.settings(), out);
    }

    private static Outcome run(RunSettings settings, PrintStream out) throws IOException
    {
        Machine machine = new Machine();
        ResultTable table = new ResultTable(machine);
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        try
        {
            for (Map.Entry<String, Benchmark> benchmark : BENCHMARKS.entrySet())
            {
                if (!settings.runs(benchmark.getKey()))
                    continue;
                out.println("== " + benchmark.getKey() + " (load average " + Machine.loadAverage() + ")");
                long began = System.nanoTime();
                try
                {
                    benchmark.getValue().run(settings, table, machine);
                }
                catch (Exception | Error e)
                {
                    failures.add(benchmark.getKey());
                    table.note("**" + benchmark.getKey() + " failed**: " + e);
                    e.printStackTrace(out);
                }
                out.println("   took " + Duration.ofNanos(System.nanoTime() - began).toSeconds() + " s");
            }
        }
        finally
        {
            deleteRecursively(settings.workDir());
        }
        Optional<Path> chart = drawChart(settings, table, failures);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream tableOut = new PrintStream(printed, true, StandardCharsets.UTF_8))
        {
            table.print(tableOut, settings.quick() ? "quick (figures not meaningful)" : "full",
                Duration.ofNanos(System.nanoTime() - started));
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        out.println();
        out.print(text);
        out.flush();
        return new Outcome(settings, table, text, failures, chart);
    }

    /**
     * A full run draws docs/benchmark-growth.png, which docs/benchmarks.md shows; a quick run draws into
     * benchmarks/target, so that it never replaces the published chart with meaningless figures.
     */
    private static Optional<Path> drawChart(RunSettings settings, ResultTable table, List<String> failures)
    {
        Path png = settings.quick() ? settings.projectRoot().resolve("benchmarks/target/benchmark-growth-quick.png")
            : settings.projectRoot().resolve("docs/benchmark-growth.png");
        if (!Files.isDirectory(png.getParent()))
            return Optional.empty();
        try
        {
            if (!GrowthChart.draw(table.growthPoints(), CHART_CALLERS, png))
                return Optional.empty();
            table.note("Growth chart (" + CHART_CALLERS + " callers): " + settings.projectRoot().relativize(png));
            return Optional.of(png);
        }
        catch (IOException | RuntimeException e)
        {
            failures.add("chart");
            table.note("**the growth chart failed**: " + e);
            return Optional.empty();
        }
    }

    private RunSettings settings() throws IOException
    {
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : only)
        {
            if (!BENCHMARKS.containsKey(name.strip()))
                throw Commands.usageError(spec, "--only: no benchmark '" + name + "'; there are "
                    + String.join(", ", BENCHMARKS.keySet()));
            chosen.add(name.strip());
        }
        return new RunSettings(quick, Optional.ofNullable(jdbcUrl), projectRoot.toAbsolutePath().normalize(), chosen,
            Files.createTempDirectory("session-farm-bench-"));
    }

    /** The source tree the jars were built in: given, or the working directory (or its parent, from benchmarks/). */
    private static Path defaultProjectRoot()
    {
        String given = System.getProperty(PROJECT_ROOT_PROPERTY);
        if (given != null)
            return Path.of(given);
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("webapp")) || here.getParent() == null ? here : here.getParent();
    }

    private static void deleteRecursively(Path directory)
    {
        try (var paths = Files.walk(directory))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (IOException ignored)
        {
            // a temporary directory left behind is harmless
        }
    }
}
