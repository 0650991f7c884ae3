package dev.sessionfarm.e2e.users;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.sessionfarm.e2e.farm.Farm;

/**
 * Simulated people shopping concurrently while something is done to the farm. Each person keeps starting new
 * rounds until the disruption is over (then finishes the round under way), so the load covers all of it; rounds
 * and time are bounded.
 */
public final class LoadRun
{
    /**
     * A bound only: people must keep shopping for as long as the disruption lasts, and a round can be over in a
     * second or two (17 steps), or at once when memory mode loses the session.
     */
    private static final int MAX_ROUNDS = 200;
    private static final Duration MAX_TIME = Duration.ofMinutes(3);

    private LoadRun()
    {
    }

    /**
     * @param outagesExpected a store-outage 503 is retried, not an error
     * @param disruption      runs in this thread while the people shop; it gets the ledger to pace itself by
     */
    public static Ledger run(Farm farm, URI entry, String runTag, int people, Duration thinkTime,
                             boolean outagesExpected,
                             Consumer<Ledger> disruption)
        throws Exception
    {
        Ledger ledger = new Ledger(farm.events());
        ShopRecords records = new ShopRecords(farm.database().jdbcUrl());
        AtomicBoolean disrupting = new AtomicBoolean(true);
        long deadline = System.nanoTime() + MAX_TIME.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(people, r -> new Thread(r, "e2e-shopper"));
        List<Future<?>> shoppers = new ArrayList<>();
        for (int i = 1; i <= people; i++)
        {
            Shopper shopper = new Shopper(i, entry, runTag, ledger, records, outagesExpected, thinkTime);
            shoppers.add(pool.submit(() ->
            {
                for (int round = 1; round <= MAX_ROUNDS && System.nanoTime() < deadline; round++)
                {
                    shopper.round(round);
                    if (!disrupting.get())
                        break;
                }
            }));
        }
        try
        {
            disruption.accept(ledger);
        }
        catch (RuntimeException | AssertionError e)
        {
            long done = shoppers.stream().filter(Future::isDone).count();
            throw new AssertionError("the disruption failed with " + done + " of " + people + " people done shopping; "
                + ledger.summary("load so far", farm.mode()) + "; " + ledger.problems(), e);
        }
        finally
        {
            disrupting.set(false);
            pool.shutdown();
        }
        if (!pool.awaitTermination(MAX_TIME.toSeconds() + 60, TimeUnit.SECONDS))
        {
            pool.shutdownNow();
            throw new AssertionError(
                "simulated people still busy after " + MAX_TIME.toSeconds() + " s: " + ledger.problems());
        }
        for (Future<?> shopper : shoppers)
            shopper.get();
        return ledger;
    }
}
