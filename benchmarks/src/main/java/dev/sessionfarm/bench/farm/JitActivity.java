package dev.sessionfarm.bench.farm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        try
        {
            Process process = new ProcessBuilder(jstat.toString(), "-compiler", String.valueOf(pid))
                .redirectErrorStream(true).start();
            String[] lines = new String(process.getInputStream().readAllBytes()).strip().split("\n");
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || lines.length < 2)
                throw new IllegalStateException("jstat -compiler " + pid + " failed: " + String.join(" ", lines));
            // Columns: Compiled Failed Invalid Time FailedType FailedMethod
            return Double.parseDouble(lines[1].strip().split("\\s+")[3]);
        }
        catch (IOException e)
        {
            throw new IllegalStateException("cannot run jstat", e);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
