package dev.sessionfarm.stateserver;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing and printing of the sizes ("256m") and durations ("10s") used on the command line. */
final class Sizes
{
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([kmgt]?)(i?b)?");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)?");

    private Sizes()
    {
    }

    /** "65536", "64k", "256m", "2g", "2GiB": binary units, case-insensitive. */
    static long parseBytes(String text)
    {
        Matcher matcher = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches())
        {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 65536, 64k, 256m, 2g)");
        }
        int shift = switch (matcher.group(2))
        {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long number = Long.parseLong(matcher.group(1));
        if (number > Long.MAX_VALUE >> shift)
        {
            throw new IllegalArgumentException("size out of range: '" + text + "'");
        }
        return number << shift;
    }

    /** "500ms", "5s", "10m", "1h", or a plain number of milliseconds. */
    static Duration parseDuration(String text)
    {
        Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches())
        {
            throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 500ms, 5s, 10m, 1h)");
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit)
        {
            case "s" -> Duration.ofSeconds(number);
            case "m" -> Duration.ofMinutes(number);
            case "h" -> Duration.ofHours(number);
            default -> Duration.ofMillis(number);
        };
    }

    static String format(long bytes)
    {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0)
        {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20)
        {
            return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB"
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double)(1L << 20));
        }
        if (bytes >= 1L << 10)
        {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return bytes + " bytes";
    }
}
