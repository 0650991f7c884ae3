package dev.sessionfarm.session.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.sessionfarm.model.Units;

/**
 * Parses one setting's text, for session-core and for the stores that parse their own. Every failure is a
 * {@link ConfigException} that names the key, environment variable, flag, the value and what is allowed, because the
 * person reading it is an operator at start-up, not a developer.
 */
public final class SettingValues
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private SettingValues()
    {
    }

    public static Duration duration(SessionSetting setting, String value)
    {
        try
        {
            return Units.duration(value);
        }
        catch (IllegalArgumentException e)
        {
            throw invalid(setting, value, Units.DURATION_EXAMPLES + " (" + e.getMessage() + ")");
        }
    }

    public static Duration positiveDuration(SessionSetting setting, String value)
    {
        Duration d = duration(setting, value);
        if (d.isZero())
            throw invalid(setting, value, "a duration greater than zero");
        return d;
    }

    public static int size(SessionSetting setting, String value)
    {
        long bytes;
        try
        {
            bytes = Units.bytes(value);
        }
        catch (IllegalArgumentException e)
        {
            throw invalid(setting, value, Units.SIZE_EXAMPLES);
        }
        if (bytes > Integer.MAX_VALUE)
            throw invalid(setting, value, "a size below 2GiB");
        return (int)bytes;
    }

    public static int integer(SessionSetting setting, String value, int min, int max)
    {
        try
        {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max)
                return n;
        }
        catch (NumberFormatException ignored)
        {
            // reported below
        }
        throw invalid(setting, value, "a whole number from " + min + " to " + max);
    }

    public static boolean bool(SessionSetting setting, String value)
    {
        return switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(setting, value, "true or false");
        };
    }

    public static String name(SessionSetting setting, String value)
    {
        if (!NAME.matcher(value).matches())
            throw invalid(setting, value, "1 to 64 letters, digits, '-' or '_'");
        return value;
    }

    /** Values separated by white space, such as several addresses. */
    public static List<String> words(String value)
    {
        return Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    public static List<String> list(String value)
    {
        return Arrays.stream(value.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    }

    public static ConfigException invalid(SessionSetting setting, String value, String allowed)
    {
        return new ConfigException(setting.names() + ": '" + value + "' is not valid; expected " + allowed + ".");
    }
}
