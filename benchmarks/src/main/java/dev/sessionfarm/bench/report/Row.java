package dev.sessionfarm.bench.report;

/**
 * One line of the result table. The ratio is always oriented so that greater means ours is better: ours / peer for
 * throughput, peer / ours for time, bytes and memory.
 *
 * @param ratio NaN when the peer is unavailable
 * @param met   null when there is no target or nothing to judge it on
 */
public record Row(String figure, Measurement ours, Measurement peer, double ratio, Target target, Boolean met)
{
    /** Throughput-like figures: more is better. */
    public static Row higherIsBetter(String figure, Measurement ours, Measurement peer, Target target)
    {
        return of(figure, ours, peer, ours.value() / peer.value(), target);
    }

    /** Time, size and memory figures: less is better. */
    public static Row lowerIsBetter(String figure, Measurement ours, Measurement peer, Target target)
    {
        return of(figure, ours, peer, peer.value() / ours.value(), target);
    }

    private static Row of(String figure, Measurement ours, Measurement peer, double ratio, Target target)
    {
        double shown = ours.available() && peer.available() ? ratio : Double.NaN;
        return new Row(figure, ours, peer, shown, target, target.isMet(ours, shown));
    }

    public String ratioText()
    {
        return Double.isNaN(ratio) ? "—" : Measurement.format(ratio) + "×";
    }

    public String metText()
    {
        return met == null ? "—" : met ? "yes" : "**NO**";
    }
}
