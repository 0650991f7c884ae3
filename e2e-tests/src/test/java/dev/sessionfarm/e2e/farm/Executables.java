package dev.sessionfarm.e2e.farm;

import java.nio.file.Files;
import java.nio.file.Path;

/** Programs the tests need from this machine (nginx, keytool, curl), found as a shell would, sbin included. */
public final class Executables
{
    private Executables()
    {
    }

    /** The program's path, or null if this machine does not have it. */
    public static Path find(String name)
    {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":"))
        {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate))
                return candidate;
        }
        return null;
    }
}
