package dev.sessionfarm.bench.farm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.sessionfarm.process.ChildProcess;

/**
 * How much time JVMs have spent compiling, as {@code jstat -compiler} reports it. A farm's JVMs on two cores keep
 * their JIT compilers busy for a minute or more under load; throughput measured before that settles measures the
 * compiler, not the product.
 */
final class JitActivity
{
    private JitActivity()
    {
    }

    /** Total seconds spent compiling by all these JVMs so far. */
    static double compileSeconds(List<Long> pids)
    {
        double total = 0;
        for (long pid : pids)
            total += compileSeconds(pid);
        return total;
    }

    private static double compileSeconds(long pid)
    {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        ChildProcess process = ChildProcess.command(jstat.toString(), "-compiler", String.valueOf(pid)).start();
        process.awaitSuccess(Duration.ofSeconds(30));
        List<String> lines = process.lines();
        if (lines.size() < 2)
            throw new IllegalStateException("jstat -compiler " + pid + " printed too little: " + lines);
        // Columns: Compiled Failed Invalid Time FailedType FailedMethod
        return Double.parseDouble(lines.get(1).strip().split("\\s+")[3]);
    }
}
