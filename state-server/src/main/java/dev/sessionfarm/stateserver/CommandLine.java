package dev.sessionfarm.stateserver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Parses "--name value", "--name=value" and bare "--flag" options, rejecting anything not declared. */
final class CommandLine
{
    /** A usage error: printed with a pointer to --help, exit code 2. */
    static final class UsageException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        UsageException(String message)
        {
            super(message, null, false, false);
        }
    }

    private final Map<String, String> values = new LinkedHashMap<>();

    private CommandLine()
    {
    }

    static CommandLine parse(String[] args, int from, Set<String> valued, Set<String> flags, String command)
    {
        CommandLine line = new CommandLine();
        for (int i = from; i < args.length; i++)
        {
            String arg = args[i];
            if (!arg.startsWith("--"))
            {
                throw new UsageException("unexpected argument '" + arg + "'; see state-server " + command + " --help");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0)
            {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flags.contains(name))
            {
                if (value != null)
                {
                    throw new UsageException("--" + name + " takes no value");
                }
                line.values.put(name, "true");
            }
            else if (valued.contains(name))
            {
                if (value == null)
                {
                    if (i + 1 >= args.length)
                    {
                        throw new UsageException("--" + name + " needs a value; see state-server " + command
                            + " --help");
                    }
                    value = args[++i];
                }
                line.values.put(name, value);
            }
            else
            {
                throw new UsageException("unknown option --" + name + "; see state-server " + command + " --help");
            }
        }
        return line;
    }

    boolean has(String name)
    {
        return values.containsKey(name);
    }

    String get(String name, String fallback)
    {
        return values.getOrDefault(name, fallback);
    }

    String require(String name, String command)
    {
        String value = values.get(name);
        if (value == null)
        {
            throw new UsageException("state-server " + command + " needs --" + name + "; see state-server " + command
                + " --help");
        }
        return value;
    }

    /** Applies a parser to an option's value, turning a parse failure into a usage error naming the option. */
    <T> T get(String name, String fallback, java.util.function.Function<String, T> parser)
    {
        String value = get(name, fallback);
        try
        {
            return parser.apply(value);
        }
        catch (RuntimeException e)
        {
            throw new UsageException("--" + name + ": " + e.getMessage());
        }
    }
}
