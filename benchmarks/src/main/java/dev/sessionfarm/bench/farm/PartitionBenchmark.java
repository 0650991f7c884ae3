package dev.sessionfarm.bench.farm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.sessionfarm.bench.RunSettings;
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
 * Issue 14: what partitioning the sessions over several state servers adds to a farm. Two state-server farms of
 * {@link FarmBenchmark#NODES} nodes run side by side, one over a single state server and one over
 * {@link #PARTITIONS}, and are measured in turns as {@link FarmBenchmark} measures the modes. Where the machine has
 * a core for each state server and one more, every state server is pinned to a core of its own (the one-server
 * farm's to one of them); otherwise everything shares the cores, and the figure shows what a partition costs there.
 * The issue gives no target: the figures are reported.
 */
public final class PartitionBenchmark
{
    static final int PARTITIONS = 3;
    /** Both farms' warm-up must fit a run of a few minutes; a farm still compiling after this is said to be. */
    private static final Duration MAX_WARM_UP = Duration.ofSeconds(75);
    private static final String FIGURE = "farm, state-server mode, " + PARTITIONS + " partitions vs 1: ";

    private PartitionBenchmark()
    {
    }

    public static void run(RunSettings settings, ResultTable table, Machine machine) throws Exception
    {
        List<LocalFarm> farms = new ArrayList<>();
        List<String> warmUps = new ArrayList<>();
        boolean ownCores = FarmBenchmark.canPin(PARTITIONS + 1);
        String placement = ownCores ? "each state server on a core of its own" : "shared cores";
        StringBuilder cpuTable = new StringBuilder(FarmCpu.header());
        HttpClient http = FormStepLoad.newClient(FarmBenchmark.PEOPLE * 2);
        try (PostgresDatabase database = PostgresDatabase.open(settings))
        {
            machine.version("PostgreSQL", database.describe());
            List<String> jvmOptions = FarmBenchmark.jvmOptions(settings);
            for (int partitions : List.of(1, PARTITIONS))
                farms.add(LocalFarm.start(settings, LocalFarm.STATE_SERVER, FarmBenchmark.NODES, partitions,
                    database.anotherDatabase(), jvmOptions));
            for (LocalFarm farm : farms)
                warmUps.add(farm.name() + " " + FarmBenchmark.warmUp(settings, farm, http, MAX_WARM_UP));
            FarmBenchmark.Placement measured;
            try
            {
                if (ownCores)
                    pinStateServersApart(farms, database);
                measured = FarmBenchmark.measure(settings, farms, database, http, Duration.ofSeconds(1));
            }
            finally
            {
                if (ownCores)
                    unpin(farms, database);
            }
            addRows(table, placement, measured);
            FarmCpu.lines(cpuTable, placement, farms, measured.results(), measured.meters());
            table.note(describe(settings, ownCores, warmUps, measured));
        }
        finally
        {
            farms.forEach(LocalFarm::close);
            http.stop();
        }
        table.section(cpuTable.toString());
    }

    private static void addRows(ResultTable table, String placement, FarmBenchmark.Placement measured)
    {
        Throughput one = measured.results().get(0);
        Throughput partitioned = measured.results().get(1);
        table.add(Row.higherIsBetter(FIGURE + "form steps/s (" + placement + ")", partitioned.measurement("req/s"),
            one.measurement("req/s"), Target.none()));
        table.add(Row.lowerIsBetter(FIGURE + "node CPU per form step (" + placement + ")",
            cpu(measured, 1, FarmCpu.NODES), cpu(measured, 0, FarmCpu.NODES), Target.none()));
        table.add(Row.lowerIsBetter(FIGURE + "state servers' CPU per form step (" + placement + ")",
            cpu(measured, 1, FarmCpu.STATE_SERVER), cpu(measured, 0, FarmCpu.STATE_SERVER), Target.none()));
    }

    private static Measurement cpu(FarmBenchmark.Placement measured, int farm, String group)
    {
        UsageMeter meter = measured.meters().get(farm);
        return new Measurement(FarmCpu.micros(meter, group), "µs",
            Measurement.format(meter.perSecond(group)) + " cores busy");
    }

    /** Round by round, as the two farms were measured in turn: 3 partitions / 1. */
    static String ratiosPerRound(List<Throughput> one, List<Throughput> partitioned)
    {
        return IntStream.range(0, Math.min(one.size(), partitioned.size()))
            .mapToObj(r -> Measurement.format(partitioned.get(r).opsPerSecond() / one.get(r).opsPerSecond()) + "× ("
                + Math.round(partitioned.get(r).opsPerSecond()) + " / " + Math.round(one.get(r).opsPerSecond()) + ")")
            .collect(Collectors.joining(", "));
    }

    private static String describe(RunSettings settings, boolean ownCores, List<String> warmUps,
                                   FarmBenchmark.Placement measured)
    {
        return "Partitions: two state-server farms side by side, " + FarmBenchmark.NODES + " nodes and the balancer "
            + "each, one over 1 state server and one over " + PARTITIONS + " (one shared key; the nodes spread "
            + "sessions over them by rendezvous hashing of the session id), every JVM with "
            + String.join(" ", FarmBenchmark.jvmOptions(settings)) + "; " + FarmBenchmark.PEOPLE + " people and the "
            + "form step of the farm benchmark; warmed up until the JIT went quiet (" + String.join(", ", warmUps)
            + "); median of " + settings.rounds() + " windows of " + RunSettings.seconds(settings.farmWindow())
            + " taken in turns. 3 partitions / 1 per round: "
            + ratiosPerRound(measured.rounds().get(0), measured.rounds().get(1)) + ". "
            + (ownCores ? "Each state server of the " + PARTITIONS + "-partition farm pinned to a core of its own "
                + "(taskset -a), the 1-partition farm's state server to the first of them, everything else (nodes, "
                + "balancers, PostgreSQL, the load generator) to the remaining cores."
                : "Only " + FarmBenchmark.CORES + " cores: the state servers share them with the nodes, balancers, "
                    + "PostgreSQL and the load generator (nothing pinned).");
    }

    /** The last {@link #PARTITIONS} cores for the state servers, one each; the cores before them for the rest. */
    private static void pinStateServersApart(List<LocalFarm> farms, PostgresDatabase database)
    {
        int firstStoreCore = FarmBenchmark.CORES - PARTITIONS;
        String webCores = "0-" + (firstStoreCore - 1);
        for (LocalFarm farm : farms)
        {
            List<Long> stateServers = farm.stateServerPids();
            for (int i = 0; i < stateServers.size(); i++)
                ProcStat.pin(List.of(stateServers.get(i)), String.valueOf(firstStoreCore + i));
            ProcStat.pin(farm.nodePids(), webCores);
            ProcStat.pin(List.of(farm.balancerPid()), webCores);
        }
        ProcStat.pin(database.processes(), webCores);
        ProcStat.pin(List.of(ProcStat.self()), webCores);
    }

    /** Every process back on every core: the harness goes on to other benchmarks. */
    private static void unpin(List<LocalFarm> farms, PostgresDatabase database)
    {
        List<Long> pids = new ArrayList<>(database.processes());
        farms.forEach(farm -> pids.addAll(farm.pids()));
        pids.add(ProcStat.self());
        ProcStat.pin(pids, "0-" + (FarmBenchmark.CORES - 1));
    }
}
