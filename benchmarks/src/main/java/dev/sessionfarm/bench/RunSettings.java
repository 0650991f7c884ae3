package dev.sessionfarm.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How a run is done. A quick run (the one `mvn verify` makes) keeps every benchmark to a few seconds so the harness
 * cannot rot; its figures mean nothing. A full run takes about ten minutes.
 *
 * @param jdbcUrl     an existing PostgreSQL to use instead of an embedded one
 * @param projectRoot where webapp/target/session-farm.jar and state-server/target/state-server.jar are built
 * @param only        the benchmarks to run (all when empty)
 * @param workDir     a temporary directory for copied jars, data directories and logs, removed at the end
 */
public record RunSettings(boolean quick, Optional<String> jdbcUrl, Path projectRoot, Set<String> only, Path workDir)
{
    public boolean runs(String benchmark)
    {
        return only.isEmpty() || only.contains(benchmark);
    }

    /** Warm-up before each measured window: JIT compilation, connection pools, caches. */
    public Duration warmUp()
    {
        return quick ? Duration.ofMillis(300) : Duration.ofSeconds(5);
    }

    public Duration window()
    {
        return quick ? Duration.ofMillis(700) : Duration.ofSeconds(10);
    }

    /** "10 s", "0.7 s": for the notes under the table. */
    public static String seconds(Duration duration)
    {
        return dev.sessionfarm.bench.report.Measurement.format(duration.toMillis() / 1000.0) + " s";
    }

    /** Picks the count of the full run or the quick one (sessions, repetitions). */
    public int count(int full, int quickCount)
    {
        return quick ? quickCount : full;
    }
}
