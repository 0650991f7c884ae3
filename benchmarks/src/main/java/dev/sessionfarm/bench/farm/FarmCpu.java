package dev.sessionfarm.bench.farm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

import dev.sessionfarm.bench.load.Throughput;
import dev.sessionfarm.bench.load.UsageMeter;
import dev.sessionfarm.bench.process.PostgresDatabase;
import dev.sessionfarm.bench.process.ProcStat;
import dev.sessionfarm.bench.report.Measurement;

/**
 * Where a farm's form step spends CPU: utime + stime from /proc/&lt;pid&gt;/stat of every process group (all threads
 * of each JVM; PostgreSQL's postmaster and its backends), read at the start and end of every measured window.
 * The load generator is this harness's own JVM, which does nothing else while a window runs.
 */
final class FarmCpu
{
    static final String BALANCER = "balancer";
    static final String NODES = "nodes";
    static final String STATE_SERVER = "state server";
    static final String POSTGRES = "PostgreSQL";
    static final String LOAD = "load generator";
    static final List<String> GROUPS = List.of(BALANCER, NODES, STATE_SERVER, POSTGRES, LOAD);

    private FarmCpu()
    {
    }

    static UsageMeter meter(LocalFarm farm, PostgresDatabase database)
    {
        Map<String, DoubleSupplier> groups = new LinkedHashMap<>();
        groups.put(BALANCER, () -> ProcStat.cpuSeconds(farm.balancerPid()));
        groups.put(NODES, () -> ProcStat.cpuSeconds(farm.nodePids()));
        groups.put(STATE_SERVER, () -> ProcStat.cpuSeconds(farm.stateServerPids()));
        groups.put(POSTGRES, () -> ProcStat.cpuSeconds(database.processes()));
        groups.put(LOAD, () -> ProcStat.cpuSeconds(ProcStat.self()));
        return new UsageMeter(groups);
    }

    /** Microseconds of CPU per request of one group. */
    static double micros(UsageMeter meter, String group)
    {
        return meter.perOperation(group) * 1e6;
    }

    /** One placement's lines of the table: mode, req/s, then µs per request of each group and in all. */
    static void lines(StringBuilder table, String placement, List<LocalFarm> farms, List<Throughput> results,
                      List<UsageMeter> meters)
    {
        for (int i = 0; i < farms.size(); i++)
        {
            UsageMeter meter = meters.get(i);
            table.append("| ").append(placement).append(" | ").append(farms.get(i).name()).append(" | ")
                .append(Measurement.format(results.get(i).opsPerSecond())).append(" | ");
            double all = 0;
            double busy = 0;
            for (String group : GROUPS)
            {
                double micros = micros(meter, group);
                all += micros;
                busy += meter.perSecond(group);
                table.append(micros < 0.5 ? "0" : Measurement.format(micros)).append(" | ");
            }
            table.append(Measurement.format(all)).append(" | ").append(Measurement.format(busy)).append(" |\n");
        }
    }

    static String header()
    {
        return "#### Where a farm's form step spends CPU (µs of CPU time per request, /proc/<pid>/stat utime + stime)\n\n"
            + "| placement | mode | req/s | " + String.join(" | ", GROUPS) + " | all | cores busy |\n"
            + "|---|---|---|---|---|---|---|---|---|---|\n";
    }
}
