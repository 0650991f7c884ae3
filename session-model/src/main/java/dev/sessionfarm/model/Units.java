package dev.sessionfarm.model;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for durations and sizes in every setting, option and file of session-farm.
 * <ul>
 * <li>A duration is a whole number and a unit: {@code 500ms}, {@code 90s}, {@code 20m}, {@code 2h}, {@code 1d}.
 * Only {@code 0} may stand alone. A bare number is refused rather than guessed, because minutes, seconds and
 * milliseconds were each the bare unit somewhere once.</li>
 * <li>A size is a whole number of bytes, or with a binary unit: {@code 65536}, {@code 64KiB}, {@code 256MiB},
 * {@code 2GiB} ({@code k}, {@code KB}, {@code m}, {@code MB}, ... mean the same, 1024-based).</li>
 * </ul>
 * Failures are {@link IllegalArgumentException}s whose message says what is expected; callers prefix the name
 * of the setting or option.
 */
public final class Units
{
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*([a-z]*)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([kmgt]?)(i?b)?");

    public static final String DURATION_EXAMPLES = "a duration with its unit, such as 500ms, 90s, 20m, 2h or 1d";
    public static final String SIZE_EXAMPLES = "a size in bytes such as 65536, 64KiB, 256MiB or 2GiB";

    private Units()
    {
    }

    public static Duration duration(String text)
    {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches())
            throw new IllegalArgumentException("'" + text + "' is not " + DURATION_EXAMPLES);
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2))
        {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            case "" ->
            {
                if (amount == 0)
                    yield Duration.ZERO;
                throw new IllegalArgumentException("'" + text + "' has no unit; write " + amount + "ms, " + amount
                    + "s, " + amount + "m or " + amount + "h");
            }
            default -> throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + m.group(2)
                + "'; units are ms, s, m, h and d");
        };
    }

    public static long bytes(String text)
    {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches())
            throw new IllegalArgumentException("'" + text + "' is not " + SIZE_EXAMPLES);
        int shift = switch (m.group(2))
        {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long amount = Long.parseLong(m.group(1));
        if (amount > Long.MAX_VALUE >> shift)
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        return amount << shift;
    }

    /** The shortest exact form in the units {@link #duration} reads: {@code 90s}, {@code 20m}, {@code 1500ms}. */
    public static String format(Duration duration)
    {
        long ms = duration.toMillis();
        if (ms == 0)
            return "0";
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++)
        {
            if (ms % sizes[i] == 0)
                return ms / sizes[i] + names[i];
        }
        return ms + "ms";
    }

    /** For people: {@code 512 bytes}, {@code 1.5 KiB}, {@code 64 MiB}, {@code 2 GiB}. */
    public static String formatBytes(long bytes)
    {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0)
            return (bytes >> 30) + " GiB";
        if (bytes >= 1L << 20)
            return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB"
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double)(1L << 20));
        if (bytes >= 1L << 10)
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        return bytes + " bytes";
    }
}
