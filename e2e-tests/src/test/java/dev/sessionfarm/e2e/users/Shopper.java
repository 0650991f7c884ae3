package dev.sessionfarm.e2e.users;

import java.net.URI;
import java.time.Duration;

import dev.sessionfarm.e2e.web.HttpUser;

/**
 * A simulated person who answers the survey and then places an order, in one session, through the farm's front
 * door; each round is a new person with a fresh session and a tag of their own. Everything acknowledged is read
 * back before each final submit and compared with what the shop stored after it.
 */
public final class Shopper
{
    /** How a round ended. */
    public enum Outcome
    {
        COMPLETED, SESSION_GONE, FAILED
    }

    private final int index;
    private final URI entry;
    private final String runTag;
    private final Ledger ledger;
    private final ShopRecords records;
    private final boolean outagesExpected;
    private final Duration thinkTime;

    public Shopper(int index, URI entry, String runTag, Ledger ledger, ShopRecords records, boolean outagesExpected,
                   Duration thinkTime)
    {
        this.index = index;
        this.entry = entry;
        this.runTag = runTag;
        this.ledger = ledger;
        this.records = records;
        this.outagesExpected = outagesExpected;
        this.thinkTime = thinkTime;
    }

    public Outcome round(int round)
    {
        String tag = runTag + ".u" + index + ".r" + round;
        Journey journey =
            new Journey(new HttpUser(entry), "user " + index + (round > 1 ? " (round " + round + ")" : ""),
                ledger, outagesExpected, thinkTime);
        try
        {
            SurveyJourney survey = new SurveyJourney(journey, ledger, tag);
            survey.run(true);
            survey.verifyStored(records);
            OrderJourney order = new OrderJourney(journey, ledger, tag, index);
            order.run(true);
            order.verifyStored(records);
            ledger.journeyCompleted();
            return Outcome.COMPLETED;
        }
        catch (Journey.SessionGone gone)
        {
            ledger.sessionGone(gone.getMessage());
            return Outcome.SESSION_GONE;
        }
        catch (Journey.Failed failed)
        {
            return Outcome.FAILED;
        }
        catch (RuntimeException unexpected)
        {
            ledger.error(journey.who() + ": " + unexpected);
            return Outcome.FAILED;
        }
    }
}
