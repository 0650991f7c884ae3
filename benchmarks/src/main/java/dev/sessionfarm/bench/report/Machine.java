package dev.sessionfarm.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jetty.util.Jetty;

/** What the figures were measured on: they mean little without it, and less without the load average. */
public final class Machine
{
    private final Map<String, String> versions = new LinkedHashMap<>();

    public Machine()
    {
        versions.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        versions.put("Jetty", Jetty.VERSION);
    }

    /** Records the version of a peer or a component as a benchmark learns it (PostgreSQL, Redis, ...). */
    public synchronized void version(String component, String version)
    {
        versions.put(component, version);
    }

    public synchronized Map<String, String> versions()
    {
        return new LinkedHashMap<>(versions);
    }

    public static String describe()
    {
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel().orElse("unknown CPU") + "), "
            + memory().orElse("unknown memory") + ", " + System.getProperty("os.name") + " "
            + System.getProperty("os.version");
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg says; "unknown" elsewhere. */
    public static String loadAverage()
    {
        return read("/proc/loadavg").map(line ->
        {
            String[] parts = line.split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        }).orElse("unknown");
    }

    private static Optional<String> cpuModel()
    {
        return lines("/proc/cpuinfo").stream().filter(l -> l.startsWith("model name")).findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).strip());
    }

    private static Optional<String> memory()
    {
        return lines("/proc/meminfo").stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
            .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / (1024 * 1024) + " GiB RAM");
    }

    private static Optional<String> read(String file)
    {
        List<String> lines = lines(file);
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0));
    }

    private static List<String> lines(String file)
    {
        try
        {
            return Files.readAllLines(Path.of(file));
        }
        catch (IOException | RuntimeException e)
        {
            return List.of();
        }
    }
}
