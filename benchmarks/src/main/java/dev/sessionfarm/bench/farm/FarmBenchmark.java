package dev.sessionfarm.bench.farm;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.load.Throughput;
import dev.sessionfarm.bench.process.PostgresDatabase;
import dev.sessionfarm.bench.report.Machine;
import dev.sessionfarm.bench.report.ResultTable;
import dev.sessionfarm.bench.report.Row;
import dev.sessionfarm.bench.report.Target;
import org.eclipse.jetty.client.HttpClient;

/**
 * Benchmark 4: survey form steps through the balancer of a three-node farm, in memory mode (sticky: the in-process
 * baseline), state-server mode and postgres mode, with the same number of people, one mode after the other.
 */
public final class FarmBenchmark
{
    static final int NODES = 3;
    static final int PEOPLE = 16;
    static final Target STATE_SERVER_TARGET = Target.ratioAtLeast(0.90);
    static final Target POSTGRES_TARGET = Target.ratioAtLeast(0.80);

    private FarmBenchmark()
    {
    }

    /** JVM options for every farm process: a normal JIT and a fixed heap (a quick run starts fast instead). */
    public static List<String> jvmOptions(RunSettings settings)
    {
        return settings.quick() ? List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m")
            : List.of("-Xms512m", "-Xmx512m");
    }

    public static void run(RunSettings settings, ResultTable table, Machine machine) throws Exception
    {
        Map<String, Throughput> byMode = new LinkedHashMap<>();
        Duration warmUp = settings.quick() ? settings.warmUp() : Duration.ofSeconds(10);
        try (PostgresDatabase database = PostgresDatabase.open(settings))
        {
            machine.version("PostgreSQL", database.describe());
            HttpClient http = FormStepLoad.newClient(PEOPLE * 2);
            try
            {
                for (String mode : List.of(LocalFarm.MEMORY, LocalFarm.STATE_SERVER, LocalFarm.POSTGRES))
                {
                    try (LocalFarm farm = LocalFarm.start(settings, mode, NODES, database.anotherDatabase(),
                        jvmOptions(settings)))
                    {
                        byMode.put(mode, FormStepLoad.run(http, farm.balancer(), PEOPLE, warmUp, settings.window()));
                    }
                }
            }
            finally
            {
                http.stop();
            }
        }
        Throughput memory = byMode.get(LocalFarm.MEMORY);
        table.add(Row.higherIsBetter("farm, form steps/s: state-server mode vs memory mode",
            byMode.get(LocalFarm.STATE_SERVER).measurement("req/s"), memory.measurement("req/s"), STATE_SERVER_TARGET));
        table.add(Row.higherIsBetter("farm, form steps/s: postgres mode vs memory mode",
            byMode.get(LocalFarm.POSTGRES).measurement("req/s"), memory.measurement("req/s"), POSTGRES_TARGET));
        table.note("Farm: " + NODES + " nodes and the balancer (round-robin; sticky in memory mode), each a JVM "
            + "started from the copied session-farm.jar with " + String.join(" ", jvmOptions(settings))
            + "; " + PEOPLE + " people, each with their own session, one request in flight each (Jetty HttpClient, "
            + "asynchronous), POST survey page 3 with the CSRF token and a changed answer (session read and "
            + "updated, 303); " + RunSettings.seconds(warmUp) + " warm-up, " + RunSettings.seconds(settings.window())
            + " measured per mode. Everything, load generator included, shares this machine's cores.");
    }
}
