package dev.sessionfarm.bench.farm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.load.Rounds;
import dev.sessionfarm.bench.load.Throughput;
import dev.sessionfarm.bench.process.PostgresDatabase;
import dev.sessionfarm.bench.report.Machine;
import dev.sessionfarm.bench.report.ResultTable;
import dev.sessionfarm.bench.report.Row;
import dev.sessionfarm.bench.report.Target;
import org.eclipse.jetty.client.HttpClient;

/**
 * Benchmark 4: survey form steps through the balancer of a three-node farm, in memory mode (sticky: the in-process
 * baseline), state-server mode and postgres mode, with the same number of people. The three farms run side by
 * side, each warmed up until its JIT settles, and are measured in turns (see Rounds).
 */
public final class FarmBenchmark
{
    static final int NODES = 3;
    static final int PEOPLE = 16;
    static final List<String> MODES = List.of(LocalFarm.MEMORY, LocalFarm.STATE_SERVER, LocalFarm.POSTGRES);
    static final Target STATE_SERVER_TARGET = Target.ratioAtLeast(0.90);
    static final Target POSTGRES_TARGET = Target.ratioAtLeast(0.80);
    /** Warm-up goes on in steps of this until the farm's compilers spend less than {@link #QUIET_JIT} of a step. */
    private static final Duration WARM_STEP = Duration.ofSeconds(5);
    private static final double QUIET_JIT = 0.10;
    private static final Duration MIN_WARM_UP = Duration.ofSeconds(20);
    private static final Duration MAX_WARM_UP = Duration.ofSeconds(180);

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
     * figure taken before that measures the compiler. Says how long it took.
     */
    private static String warmUp(RunSettings settings, LocalFarm farm, HttpClient http) throws Exception
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
            if (elapsed.compareTo(MAX_WARM_UP) >= 0)
                return RunSettings.seconds(elapsed) + " (still compiling)";
            compiled = now;
        }
    }

    public static void run(RunSettings settings, ResultTable table, Machine machine) throws Exception
    {
        List<Throughput> results;
        List<String> warmUps = new ArrayList<>();
        List<LocalFarm> farms = new ArrayList<>();
        HttpClient http = FormStepLoad.newClient(PEOPLE * 2);
        try (PostgresDatabase database = PostgresDatabase.open(settings))
        {
            machine.version("PostgreSQL", database.describe());
            for (String mode : MODES)
                farms.add(LocalFarm.start(settings, mode, NODES, database.anotherDatabase(), jvmOptions(settings)));
            List<Rounds.Contender> contenders = new ArrayList<>();
            for (LocalFarm farm : farms)
            {
                warmUps.add(farm.mode() + " " + warmUp(settings, farm, http));
                contenders.add((ramp, window) -> FormStepLoad.run(http, farm.balancer(), PEOPLE, ramp, window));
            }
            results = Rounds.compare(contenders, Duration.ofSeconds(1), settings.window(), settings.rounds());
        }
        finally
        {
            farms.forEach(LocalFarm::close);
            http.stop();
        }
        Throughput memory = results.get(0);
        table.add(Row.higherIsBetter("farm, form steps/s: state-server mode vs memory mode",
            results.get(1).measurement("req/s"), memory.measurement("req/s"), STATE_SERVER_TARGET));
        table.add(Row.higherIsBetter("farm, form steps/s: postgres mode vs memory mode",
            results.get(2).measurement("req/s"), memory.measurement("req/s"), POSTGRES_TARGET));
        table.note("Farm: " + NODES + " nodes and the balancer (round-robin; sticky in memory mode), each a JVM "
            + "started from the copied session-farm.jar with " + String.join(" ", jvmOptions(settings))
            + "; one farm per mode, side by side; " + PEOPLE + " people, each with their own session, one request "
            + "in flight each (Jetty HttpClient, asynchronous), POST survey page 3 with the CSRF token and a changed "
            + "answer (session read and updated, 303). Each farm was driven until its JVMs' JIT compilers went quiet "
            + "(under " + Math.round(QUIET_JIT * 100) + " % of a core; " + String.join(", ", warmUps)
            + "); each figure the median of " + settings.rounds() + " windows of " + RunSettings.seconds(settings.window())
            + " taken in turns. Everything, load generator included, shares this machine's cores.");
    }
}
