package dev.sessionfarm.bench.report;

import java.util.Locale;

/**
 * One measured figure: a number with its unit, and details that qualify it (latency percentiles, counts).
 *
 * @param value  the number the ratio is computed from; NaN when there is none (see {@link #unavailable})
 * @param detail shown in brackets after the value; may be empty
 */
public record Measurement(double value, String unit, String detail)
{
    public static Measurement of(double value, String unit)
    {
        return new Measurement(value, unit, "");
    }

    /** A peer that could not be measured on this machine, with the reason, e.g. "no redis-server". */
    public static Measurement unavailable(String reason)
    {
        return new Measurement(Double.NaN, "", reason);
    }

    public boolean available()
    {
        return !Double.isNaN(value);
    }

    public String text()
    {
        if (!available())
            return "peer unavailable (" + detail + ")";
        String number = format(value) + (unit.isEmpty() ? "" : " " + unit);
        return detail.isEmpty() ? number : number + " (" + detail + ")";
    }

    /** Three significant digits, without a thousands separator that a shell or a parser would trip over. */
    public static String format(double value)
    {
        double magnitude = Math.abs(value);
        if (magnitude >= 100)
            return String.format(Locale.ROOT, "%.0f", value);
        if (magnitude >= 10)
            return String.format(Locale.ROOT, "%.1f", value);
        if (magnitude >= 1)
            return String.format(Locale.ROOT, "%.2f", value);
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
