package dev.sessionfarm.bench.farm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.load.Rounds;
import dev.sessionfarm.bench.load.Throughput;
import dev.sessionfarm.bench.load.UsageMeter;
import dev.sessionfarm.bench.process.PostgresDatabase;
import dev.sessionfarm.bench.process.ProcStat;
import dev.sessionfarm.bench.report.Machine;
import dev.sessionfarm.bench.report.Measurement;
import dev.sessionfarm.bench.report.ResultTable;
import dev.sessionfarm.bench.report.Row;
import dev.sessionfarm.bench.report.Target;
import org.eclipse.jetty.client.HttpClient;

/**
 * Benchmark 4: survey form steps through the balancer of a three-node farm, in memory mode (sticky: the in-process
 * baseline), state-server mode and postgres mode, with the same number of people. The three farms run side by
 * side, each warmed up until its JIT settles, and are measured in turns (see Rounds), in two placements: every
 * process on both cores, then the stores on a core of their own and everything else on the other. Each window
 * also reads the CPU time of every process group, so the table shows where a request's cost goes.
 */
public final class FarmBenchmark
{
    static final int NODES = 3;
    static final int PEOPLE = 16;
    static final List<String> MODES = List.of(LocalFarm.MEMORY, LocalFarm.STATE_SERVER, LocalFarm.POSTGRES);
    static final Target STATE_SERVER_TARGET = Target.ratioAtLeast(0.90);
    static final Target POSTGRES_TARGET = Target.ratioAtLeast(0.80);
    static final Target STATE_SERVER_NODE_CPU = Target.costAtMost(1.2);
    static final Target POSTGRES_NODE_CPU = Target.costAtMost(1.3);
    static final String SHARED = "shared cores";
    static final String DEDICATED = "dedicated store core";
    private static final String STORE_CORE = "1";
    private static final String WEB_CORE = "0";
    /** Read before anything is pinned: a pinned harness sees only its own core. */
    static final int CORES = Runtime.getRuntime().availableProcessors();
    /** After re-pinning: load before measuring, so that queues and thread pools settle on their new cores. */
    private static final Duration DEDICATED_SETTLE = Duration.ofSeconds(5);
    /** Warm-up goes on in steps of this until the farm's compilers spend less than {@link #QUIET_JIT} of a step. */
    private static final Duration WARM_STEP = Duration.ofSeconds(5);
    private static final double QUIET_JIT = 0.10;
    private static final Duration MIN_WARM_UP = Duration.ofSeconds(20);
    static final Duration MAX_WARM_UP = Duration.ofSeconds(120);

    private FarmBenchmark()
    {
    }

    /** JVM options for every farm process: a normal JIT and a fixed heap (a quick run starts fast instead). */
    public static List<String> jvmOptions(RunSettings settings)
    {
        return settings.quick() ? List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m")
            : List.of("-Xms512m", "-Xmx512m");
    }

    /**
     * Drives the farm until its JIT compilers go quiet: fresh JVMs on two cores compile for a minute or more, and a
     * figure taken before that measures the compiler; after {@code longest} it gives up. Says how long it took.
     */
    static String warmUp(RunSettings settings, LocalFarm farm, HttpClient http, Duration longest) throws Exception
    {
        if (settings.quick())
        {
            FormStepLoad.run(http, farm.balancer(), PEOPLE, Duration.ZERO, settings.warmUp());
            return RunSettings.seconds(settings.warmUp());
        }
        long started = System.nanoTime();
        double compiled = JitActivity.compileSeconds(farm.pids());
        while (true)
        {
            FormStepLoad.run(http, farm.balancer(), PEOPLE, Duration.ZERO, WARM_STEP);
            double now = JitActivity.compileSeconds(farm.pids());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            boolean quiet = now - compiled < QUIET_JIT * WARM_STEP.toMillis() / 1000.0;
            if (quiet && elapsed.compareTo(MIN_WARM_UP) >= 0)
                return RunSettings.seconds(elapsed);
            if (elapsed.compareTo(longest) >= 0)
                return RunSettings.seconds(elapsed) + " (still compiling)";
            compiled = now;
        }
    }

    public static void run(RunSettings settings, ResultTable table, Machine machine) throws Exception
    {
        List<String> warmUps = new ArrayList<>();
        List<LocalFarm> farms = new ArrayList<>();
        StringBuilder cpuTable = new StringBuilder(FarmCpu.header());
        HttpClient http = FormStepLoad.newClient(PEOPLE * 2);
        try (PostgresDatabase database = PostgresDatabase.open(settings))
        {
            machine.version("PostgreSQL", database.describe());
            for (String mode : MODES)
                farms.add(LocalFarm.start(settings, mode, NODES, database.anotherDatabase(), jvmOptions(settings)));
            for (LocalFarm farm : farms)
                warmUps.add(farm.name() + " " + warmUp(settings, farm, http, MAX_WARM_UP));
            Placement shared = measure(settings, farms, database, http, Duration.ofSeconds(1));
            shared.addRows(table, SHARED);
            FarmCpu.lines(cpuTable, SHARED, farms, shared.results(), shared.meters());
            if (canPin(2))
            {
                Placement dedicated;
                try
                {
                    pinDedicated(farms, database);
                    dedicated = measure(settings, farms, database, http, settings.quick() ? settings.warmUp()
                        : DEDICATED_SETTLE);
                }
                finally
                {
                    unpin(farms, database);
                }
                dedicated.addRows(table, DEDICATED);
                FarmCpu.lines(cpuTable, DEDICATED, farms, dedicated.results(), dedicated.meters());
            }
            else
                table.note("Farm: the dedicated-store placement needs Linux, taskset and 2 cores; not measured here.");
        }
        finally
        {
            farms.forEach(LocalFarm::close);
            http.stop();
        }
        table.section(cpuTable.toString());
        table.note("Farm: " + NODES + " nodes and the balancer (round-robin; sticky in memory mode), each a JVM "
            + "started from the copied session-farm.jar with " + String.join(" ", jvmOptions(settings))
            + "; one farm per mode, side by side, over one PostgreSQL (fsync and synchronous_commit on: postgres "
            + "mode's sessions, every mode's demo tables); " + PEOPLE + " people, each with their own session, one "
            + "request in flight each (Jetty HttpClient, asynchronous, in the harness's JVM: the load generator), "
            + "POST survey page 3 with the CSRF token and a changed answer (session read and updated, 303). Each farm "
            + "was driven until its JVMs' JIT compilers went quiet (under " + Math.round(QUIET_JIT * 100)
            + " % of a core; " + String.join(", ", warmUps) + "); each figure the median of " + settings.rounds()
            + " windows of " + RunSettings.seconds(settings.farmWindow()) + " taken in turns. Placements: "
            + SHARED + " = every process on both cores (as one small machine runs it); " + DEDICATED + " = the "
            + "state server and PostgreSQL (postmaster and backends) pinned to core 1 (taskset -a), balancers, "
            + "nodes and the load generator of every farm, memory mode's included, to core 0; the same warmed-up "
            + "processes re-pinned (their thread pools were sized for 2 cores at start), given "
            + RunSettings.seconds(DEDICATED_SETTLE) + " of load to settle. Node CPU per form step: the nodes' CPU "
            + "time (all threads) over the requests of the measured windows.");
    }

    /**
     * The figures of one placement: each farm's median window, its CPU over all measured windows, and its measured
     * windows in round order (round r of every farm was taken in the same turn).
     */
    record Placement(List<Throughput> results, List<UsageMeter> meters, List<List<Throughput>> rounds)
    {
        void addRows(ResultTable table, String placement)
        {
            Throughput memory = results.get(0);
            String prefix = "farm, " + placement + ": ";
            table.add(Row.higherIsBetter(prefix + "form steps/s, state-server mode vs memory mode",
                results.get(1).measurement("req/s"), memory.measurement("req/s"), STATE_SERVER_TARGET));
            table.add(Row.higherIsBetter(prefix + "form steps/s, postgres mode vs memory mode",
                results.get(2).measurement("req/s"), memory.measurement("req/s"), POSTGRES_TARGET));
            table.add(Row.lowerIsBetter(prefix + "node CPU per form step, state-server mode vs memory mode",
                nodeCpu(1), nodeCpu(0), STATE_SERVER_NODE_CPU));
            table.add(Row.lowerIsBetter(prefix + "node CPU per form step, postgres mode vs memory mode",
                nodeCpu(2), nodeCpu(0), POSTGRES_NODE_CPU));
        }

        private Measurement nodeCpu(int farm)
        {
            return Measurement.of(FarmCpu.micros(meters.get(farm), FarmCpu.NODES), "µs");
        }
    }

    static Placement measure(RunSettings settings, List<LocalFarm> farms, PostgresDatabase database,
                             HttpClient http, Duration warmUp)
        throws Exception
    {
        List<UsageMeter> meters = new ArrayList<>();
        List<List<Throughput>> rounds = new ArrayList<>();
        List<Rounds.Contender> contenders = new ArrayList<>();
        for (LocalFarm farm : farms)
        {
            UsageMeter meter = FarmCpu.meter(farm, database);
            List<Throughput> windows = new ArrayList<>();
            meters.add(meter);
            rounds.add(windows);
            contenders.add((ramp, window) ->
            {
                Throughput measured = meter.measure(window, probe -> FormStepLoad.run(http, farm.balancer(), PEOPLE,
                    ramp, window, probe));
                // Rounds also runs each contender briefly to warm it up; only the measured windows are rounds.
                if (window.equals(settings.farmWindow()))
                    windows.add(measured);
                return measured;
            });
        }
        List<Throughput> results = Rounds.compare(contenders, warmUp, settings.farmWindow(), settings.rounds());
        return new Placement(results, meters, rounds);
    }

    /** Whether processes can be pinned to cores here (Linux, taskset) and the machine has {@code cores} of them. */
    static boolean canPin(int cores)
    {
        return ProcStat.available() && CORES >= cores
            && java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/taskset"));
    }

    /** The stores on core 1; everything else the farms need, and this harness, on core 0. */
    private static void pinDedicated(List<LocalFarm> farms, PostgresDatabase database)
    {
        ProcStat.pin(database.processes(), STORE_CORE);
        for (LocalFarm farm : farms)
        {
            ProcStat.pin(farm.stateServerPids(), STORE_CORE);
            ProcStat.pin(farm.nodePids(), WEB_CORE);
            ProcStat.pin(List.of(farm.balancerPid()), WEB_CORE);
        }
        ProcStat.pin(List.of(ProcStat.self()), WEB_CORE);
    }

    private static void unpin(List<LocalFarm> farms, PostgresDatabase database)
    {
        String all = "0-" + (CORES - 1);
        List<Long> pids = new ArrayList<>(database.processes());
        for (LocalFarm farm : farms)
        {
            pids.addAll(farm.stateServerPids());
            pids.addAll(farm.nodePids());
            pids.add(farm.balancerPid());
        }
        pids.add(ProcStat.self());
        ProcStat.pin(pids, all);
    }
}
