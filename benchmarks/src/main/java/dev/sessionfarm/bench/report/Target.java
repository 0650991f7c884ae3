package dev.sessionfarm.bench.report;

import java.util.Locale;

/** What a figure should reach: a ratio against the peer, a bound on our own value, or nothing (reported only). */
public record Target(Kind kind, double bound, String text)
{
    public enum Kind
    {
        RATIO_AT_LEAST, OURS_AT_MOST, NONE
    }

    /** The ratio column (greater is better for us) must reach {@code bound}. */
    public static Target ratioAtLeast(double bound)
    {
        return new Target(Kind.RATIO_AT_LEAST, bound, String.format(Locale.ROOT, "ratio ≥ %.2f", bound));
    }

    /**
     * Our cost (time, CPU, bytes) may be at most {@code times} the peer's: the ratio column (peer / ours) must reach
     * 1 / times.
     */
    public static Target costAtMost(double times)
    {
        return new Target(Kind.RATIO_AT_LEAST, 1.0 / times, String.format(Locale.ROOT, "ours ≤ %.2f× peer", times));
    }

    /** Our own value, whatever the peer's, must not exceed {@code bound}. */
    public static Target oursAtMost(double bound, String unit)
    {
        return new Target(Kind.OURS_AT_MOST, bound, String.format(Locale.ROOT, "ours ≤ %.2f %s", bound, unit).strip());
    }

    public static Target none()
    {
        return new Target(Kind.NONE, Double.NaN, "none (reported)");
    }

    /** null when there is nothing to judge: no target, or the figure it depends on is unavailable. */
    Boolean isMet(Measurement ours, double ratio)
    {
        return switch (kind)
        {
            case RATIO_AT_LEAST -> Double.isNaN(ratio) ? null : ratio >= bound;
            case OURS_AT_MOST -> ours.available() ? ours.value() <= bound : null;
            case NONE -> null;
        };
    }
}
