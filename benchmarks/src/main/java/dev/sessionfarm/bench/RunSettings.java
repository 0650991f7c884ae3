package dev.sessionfarm.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How a run is done. A quick run (the one `mvn verify` makes) keeps every benchmark to a few seconds so the harness
 * cannot rot; its figures mean nothing. A full run takes about 20 minutes.
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

    /** Warm-up of each contender before its first measured window: JIT compilation, connection pools, caches. */
    public Duration warmUp()
    {
        return quick ? Duration.ofMillis(300) : Duration.ofSeconds(3);
    }

    /**
     * One measured window of the store benchmarks; each figure is the median of {@link #rounds()} of them. Short
     * enough that 18 pairs (3 sizes, 3 caller counts, 2 stores) fit a run of about 20 minutes with the farms.
     */
    public Duration window()
    {
        return quick ? Duration.ofMillis(500) : Duration.ofSeconds(3);
    }

    /** One measured window of a farm: fewer, slower requests than a store's, so a longer window. */
    public Duration farmWindow()
    {
        return quick ? Duration.ofMillis(500) : Duration.ofSeconds(5);
    }

    /** Measured windows per contender, taken in turns with its peer (see Rounds). */
    public int rounds()
    {
        return quick ? 1 : 3;
    }

    /** "10 s", "0.7 s": for the notes under the table. */
    public static String seconds(Duration duration)
    {
        return dev.sessionfarm.bench.report.Measurement.format(duration.toMillis() / 1000.0) + " s";
    }

    /** For the notes: how each figure of a paired comparison was taken. */
    public static String describeRounds(RunSettings settings)
    {
        return "Each figure: median of " + settings.rounds() + " windows of " + seconds(settings.window())
            + ", taken in turns with the peer after " + seconds(settings.warmUp()) + " of warm-up.";
    }

    /** Picks the count of the full run or the quick one (sessions, repetitions). */
    public int count(int full, int quickCount)
    {
        return quick ? quickCount : full;
    }
}
