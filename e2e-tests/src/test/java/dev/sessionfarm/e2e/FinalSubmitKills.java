package dev.sessionfarm.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.sessionfarm.e2e.farm.Farm;
import dev.sessionfarm.e2e.farm.Node;
import dev.sessionfarm.e2e.users.Journey;
import dev.sessionfarm.e2e.users.Ledger;
import dev.sessionfarm.e2e.users.OrderJourney;
import dev.sessionfarm.e2e.users.ShopRecords;
import dev.sessionfarm.e2e.users.ShopRecords.Submission;
import dev.sessionfarm.e2e.users.SurveyJourney;
import dev.sessionfarm.e2e.web.HttpUser;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 9: the node that serves a final submit is killed (-9) exactly between the commit of what it stored and
 * its answer, {@link #ROUNDS} times per form. The nodes run with the test-only {@code --test-pause-after-final-insert},
 * which holds each final submit after its commit, once before the session is renamed and once after; the test kills
 * the node holding it, alternately in the first hold (the stored session still has the draft) and in the second (its
 * old id is gone), and the person's browser sends the form again, as a person presses the button again. Every person
 * must see the confirmation of what was stored, nobody "session expired", and each draft is stored exactly once.
 */
final class FinalSubmitKills
{
    /** Even: half the kills in each hold. */
    static final int ROUNDS = 2;
    /** Long enough for the test to see the held submit and kill its node, short enough to keep the run modest. */
    private static final Duration HOLD = Duration.ofMillis(1500);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private FinalSubmitKills()
    {
    }

    /** What one form's rounds came to. */
    private static final class Tally
    {
        private final String form;
        private int kills;
        private int confirmations;
        private int rows;

        Tally(String form)
        {
            this.form = form;
        }

        @Override
        public String toString()
        {
            return form + ": kills at the final submit " + kills + ", confirmations shown " + confirmations
                + ", rows stored " + rows;
        }
    }

    static void run(Farm farm) throws Exception
    {
        farm.restartNodesWith(List.of("--test-pause-after-final-insert", HOLD.toMillis() + "ms"));
        ExecutorService killer = Executors.newSingleThreadExecutor(r -> new Thread(r, "e2e-final-submit-killer"));
        Ledger ledger = new Ledger(farm.events());
        ShopRecords records = new ShopRecords(farm.database().jdbcUrl());
        Tally orders = new Tally("order");
        Tally surveys = new Tally("survey");
        try
        {
            for (int round = 1; round <= ROUNDS; round++)
            {
                boolean afterRename = round % 2 == 0;
                String tag = Tags.next("s9");
                Journey journey =
                    new Journey(new HttpUser(farm.uri()), "person " + round, ledger, false, Duration.ZERO);
                try
                {
                    OrderJourney order = new OrderJourney(journey, ledger, tag, round);
                    order.firstHalf();
                    whileKilled(killer, () -> killWhileHeld(farm, () -> records.orderOf(order.email()), afterRename,
                        orders), () -> order.secondHalf(false));
                    order.verifyStored(records);
                    orders.rows += records.ordersOf(order.email()).size();
                    if (records.orderOf(order.email()).map(Submission::shown).orElse("").equals(order.confirmation()))
                        orders.confirmations++;

                    SurveyJourney survey = new SurveyJourney(journey, ledger, tag);
                    whileKilled(killer, () -> killWhileHeld(farm, () -> records.surveyTagged(tag), afterRename,
                        surveys), () -> survey.run(false));
                    survey.verifyStored(records);
                    surveys.rows += records.surveysTagged(tag).size();
                    if (records.surveyTagged(tag).map(Submission::shown).orElse("")
                        .equals(String.valueOf(survey.responseNumber())))
                        surveys.confirmations++;
                    ledger.journeyCompleted();
                }
                catch (Journey.SessionGone gone)
                {
                    ledger.sessionGone(gone.getMessage());
                }
                catch (Journey.Failed failed)
                {
                    // in the ledger already
                }
                farm.heal();
            }
        }
        finally
        {
            killer.shutdownNow();
            farm.restartNodesWith(List.of());
        }
        System.out.println(ledger.summary("S9 kills between the final insert and the answer", farm.mode()));
        System.out.println("[e2e summary] S9 | " + farm.mode() + " | " + orders + "; " + surveys);
        assertTrue(ledger.errors().isEmpty() && ledger.lost().isEmpty() && ledger.duplicated().isEmpty()
            && ledger.sessionsGone() == 0, ledger::problems);
        for (Tally tally : List.of(orders, surveys))
        {
            assertEquals(ROUNDS, tally.kills, tally::toString);
            assertEquals(ROUNDS, tally.confirmations, tally::toString);
            assertEquals(ROUNDS, tally.rows, tally::toString);
        }
        assertEquals(2 * ROUNDS, ledger.finalSubmitsConfirmedAfterKill(), () -> "every kill caught a final submit in "
            + "flight, which was sent again and confirmed: " + ledger.summary("S9", farm.mode()) + " "
            + ledger.problems());
    }

    /** A form's steps up to and including its final submit, as a journey takes them. */
    private interface Steps
    {
        void take() throws Journey.SessionGone;
    }

    /** Takes the steps while {@code kill} waits for their final submit; a journey that ends early calls it off. */
    private static void whileKilled(ExecutorService killer, Runnable kill, Steps steps) throws Exception
    {
        Future<?> killed = killer.submit(kill);
        try
        {
            steps.take();
        }
        catch (Journey.SessionGone | RuntimeException e)
        {
            killed.cancel(true);
            throw e;
        }
        killed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Waits until the final submit is stored and its node prints that it holds the answer (before or after the
     * rename), then kills that node and starts it again.
     */
    private static void killWhileHeld(Farm farm, Supplier<Optional<Submission>> stored, boolean afterRename,
                                      Tally tally)
    {
        Submission held = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
            .until(stored::get, Optional::isPresent).orElseThrow();
        Node node = farm.node(held.node());
        node.awaitOutput(Pattern.compile("test pause: \\w+ " + Pattern.quote(held.draftId()) + " stored, session "
            + (afterRename ? "renamed" : "not renamed yet")), PATIENCE);
        System.out.println("e2e: kill -9 " + node + " holding the answer to " + held.draftId()
            + (afterRename ? " after" : " before") + " the rename");
        node.killAndRestart();
        tally.kills++;
    }
}
