package dev.sessionfarm.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compares contenders (ours and a peer, or several farm modes) fairly on a shared, noisy machine: each is warmed
 * up first, then they are measured in turn, round after round, so that a disturbance or a slow drift hits all of
 * them rather than whichever ran at the time; each contender's figure is its median round.
 */
public final class Rounds
{
    /** One contender: runs its load for a warm-up (not counted) and then a measured window. */
    @FunctionalInterface
    public interface Contender
    {
        Throughput measure(Duration warmUp, Duration window) throws Exception;
    }

    /** A short ramp before each measured round: connections and threads that went idle wake up first. */
    private static final Duration RAMP = Duration.ofMillis(500);

    private Rounds()
    {
    }

    /** @return each contender's median round, in the order given */
    public static List<Throughput> compare(List<Contender> contenders, Duration warmUp, Duration window, int rounds)
        throws Exception
    {
        for (Contender contender : contenders)
            contender.measure(warmUp, Duration.ofMillis(100));
        List<List<Throughput>> measured = new ArrayList<>();
        contenders.forEach(c -> measured.add(new ArrayList<>()));
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < contenders.size(); i++)
            {
                // Alternate who goes first, so no contender always follows the same one.
                int index = round % 2 == 0 ? i : contenders.size() - 1 - i;
                measured.get(index).add(contenders.get(index).measure(RAMP, window));
            }
        }
        List<Throughput> medians = new ArrayList<>();
        for (List<Throughput> results : measured)
        {
            results.sort(Comparator.comparingDouble(Throughput::opsPerSecond));
            medians.add(results.get(results.size() / 2));
        }
        return medians;
    }
}
