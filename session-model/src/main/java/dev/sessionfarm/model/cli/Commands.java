package dev.sessionfarm.model.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.sessionfarm.model.Units;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What every command of session-farm does alike: exit codes, one-line errors that name the option, a
 * {@code --help} on each command, and durations and sizes read by {@link Units}.
 */
public final class Commands
{
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** Wide enough for the options' descriptions; fixed, so that the help pasted in the docs never reflows. */
    private static final int HELP_WIDTH = 110;

    private Commands()
    {
    }

    /**
     * Configures a command line (and its subcommands, which must be added first).
     *
     * @param usageErrors exceptions of the command's own code that mean a usage or configuration error (exit 2)
     */
    @SafeVarargs
    public static CommandLine configure(CommandLine line, Class<? extends Exception>... usageErrors)
    {
        line.registerConverter(Duration.class, new DurationValue());
        line.setUsageHelpWidth(HELP_WIDTH);
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setParameterExceptionHandler(Commands::reportParameterError);
        Set<Class<? extends Exception>> configurationErrors = Set.of(usageErrors);
        line.setExecutionExceptionHandler((e, failed, result) ->
        {
            if (configurationErrors.stream().anyMatch(type -> type.isInstance(e)))
                return report(failed, e.getMessage());
            failed.getErr().println(name(failed) + ": failed: " + e);
            e.printStackTrace(failed.getErr());
            return FAILURE;
        });
        applyHelpConventions(line);
        return line;
    }

    /** Runs the command line with {@code args} and exits the JVM with its exit code. */
    public static void exit(CommandLine line, String... args)
    {
        System.exit(line.execute(args));
    }

    /** A usage error found by the command's own checks, reported like any other: one line, exit code 2. */
    public static ParameterException usageError(CommandSpec spec, String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code value} if it lies in min..max, else a usage error naming the option. */
    public static int inRange(CommandSpec spec, String option, int value, int min, int max)
    {
        if (value < min || value > max)
            throw usageError(spec, option + ": " + value + " is not a number from " + min + " to " + max);
        return value;
    }

    private static int reportParameterError(ParameterException e, String[] args)
    {
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched)
        {
            List<String> words = unmatched.getUnmatched();
            Set<String> commands = e.getCommandLine().getSubcommands().keySet();
            if (!commands.isEmpty() && !words.isEmpty() && !words.get(0).startsWith("-"))
                message = "unknown command '" + words.get(0) + "'; the commands are " + String.join(", ", commands);
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty())
                message += "; did you mean " + suggestions.get(0) + "?";
        }
        return report(e.getCommandLine(), message);
    }

    private static int report(CommandLine failed, String message)
    {
        PrintWriter err = failed.getErr();
        err.println(name(failed) + ": " + message + " (see " + name(failed) + " --help)");
        err.flush();
        return USAGE;
    }

    /** {@code session-farm.jar node}: the command as typed, without the {@code java -jar} of the jar's name. */
    private static String name(CommandLine line)
    {
        return line.getCommandSpec().qualifiedName().replaceFirst("^java -jar ", "");
    }

    private static void applyHelpConventions(CommandLine line)
    {
        CommandSpec spec = line.getCommandSpec();
        // "[OPTIONS]": the options are listed below it, and a synopsis of twenty of them says nothing.
        spec.usageMessage().abbreviateSynopsis(true).descriptionHeading("%n").optionListHeading("%nOptions:%n");
        // A command's header is its line in its parent's list of commands; its own help starts with the usage.
        line.getHelpSectionMap().remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER);
        if (spec.optionsMap().get("--help") == null)
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("print this help and exit")
                .order(Integer.MAX_VALUE).build());
        for (CommandLine sub : line.getSubcommands().values())
            applyHelpConventions(sub);
    }

    /** Every option of type {@link Duration}: {@code 500ms}, {@code 90s}, {@code 20m}. */
    private static final class DurationValue implements CommandLine.ITypeConverter<Duration>
    {
        @Override
        public Duration convert(String value)
        {
            try
            {
                return Units.duration(value);
            }
            catch (IllegalArgumentException e)
            {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** For an option of type long that is a size ({@code converter = Commands.Size.class}): {@code 64KiB}, {@code 16m}. */
    public static final class Size implements CommandLine.ITypeConverter<Long>
    {
        @Override
        public Long convert(String value)
        {
            try
            {
                return Units.bytes(value);
            }
            catch (IllegalArgumentException e)
            {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
