package dev.sessionfarm.session.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one setting's text. Every failure is a {@link ConfigException} that names the key, the value
 * and what is allowed, because the person reading it is an operator at start-up, not a developer.
 */
final class SettingValues
{
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private SettingValues()
    {
    }

    /** A bare number is read in {@code bareUnit}: minutes for the session timeout (as in ASP.NET), seconds elsewhere. */
    static Duration duration(SessionSetting setting, String value, String bareUnit)
    {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches())
            throw invalid(setting, value,
                "a duration such as 500ms, 90s, 20m, 2h or a number of " + describe(bareUnit));
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? bareUnit : m.group(2);
        return switch (unit)
        {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static String describe(String unit)
    {
        return switch (unit)
        {
            case "m" -> "minutes";
            case "s" -> "seconds";
            default -> unit;
        };
    }

    static Duration positiveDuration(SessionSetting setting, String value, String bareUnit)
    {
        Duration d = duration(setting, value, bareUnit);
        if (d.isZero())
            throw invalid(setting, value, "a duration greater than zero");
        return d;
    }

    static int size(SessionSetting setting, String value)
    {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches())
            throw invalid(setting, value, "a size in bytes such as 65536, 64KiB or 1MiB");
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long bytes = switch (unit.charAt(0))
        {
            case 'k' -> amount * 1024;
            case 'm' -> amount * 1024 * 1024;
            case 'g' -> amount * 1024 * 1024 * 1024;
            default -> amount;
        };
        if (bytes > Integer.MAX_VALUE)
            throw invalid(setting, value, "a size below 2GiB");
        return (int)bytes;
    }

    static int integer(SessionSetting setting, String value, int min, int max)
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

    static boolean bool(SessionSetting setting, String value)
    {
        return switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(setting, value, "true or false");
        };
    }

    static String name(SessionSetting setting, String value)
    {
        if (!NAME.matcher(value).matches())
            throw invalid(setting, value, "1 to 64 letters, digits, '-' or '_'");
        return value;
    }

    static InetSocketAddress hostAndPort(SessionSetting setting, String value)
    {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1)
            throw invalid(setting, value, "host:port, e.g. 127.0.0.1:42424");
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
            host = host.substring(1, host.length() - 1);
        int port;
        try
        {
            port = Integer.parseInt(v.substring(colon + 1));
        }
        catch (NumberFormatException e)
        {
            throw invalid(setting, value, "host:port with a port from 1 to 65535");
        }
        if (port < 1 || port > 65535)
            throw invalid(setting, value, "host:port with a port from 1 to 65535");
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Values separated by white space, such as several addresses. */
    static List<String> words(String value)
    {
        return Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    static List<String> list(String value)
    {
        return Arrays.stream(value.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    }

    static ConfigException invalid(SessionSetting setting, String value, String allowed)
    {
        return new ConfigException(setting.key() + " (" + setting.environmentVariable() + ", --" + setting.flag()
            + "): '" + value + "' is not valid; expected " + allowed + ".");
    }
}
