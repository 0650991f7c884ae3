package dev.sessionfarm.session.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name=value}, {@code --name value} and bare {@code --switch} (read as "true") into a map keyed by name. */
public final class CommandLineFlags
{
    private CommandLineFlags()
    {
    }

    public static Map<String, String> parse(String... args)
    {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++)
        {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2)
                throw new ConfigException("Unexpected argument '" + arg + "': options look like --name=value");
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            if (eq >= 0)
                flags.put(body.substring(0, eq), body.substring(eq + 1));
            else if (i + 1 < args.length && !args[i + 1].startsWith("--"))
                flags.put(body, args[++i]);
            else
                flags.put(body, "true");
        }
        return flags;
    }
}
