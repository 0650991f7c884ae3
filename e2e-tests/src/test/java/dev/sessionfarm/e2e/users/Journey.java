package dev.sessionfarm.e2e.users;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.sessionfarm.e2e.web.HttpUser;
import dev.sessionfarm.e2e.web.Reply;

/**
 * One person going through a form, step by step, as a careful browser user would: a POST that answered 303 is a
 * step the farm acknowledged; its redirect is followed. A request that failed while the process serving it was
 * being killed is resubmitted as it was (and counted apart); during an expected store outage a 503 is retried.
 * Anything else is an error, recorded with who, which step and which node, and ends the journey.
 */
public final class Journey
{
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int MAX_ATTEMPTS = 40;
    /** How the ledger names a request that submits a whole form (and renames the session). */
    public static final String FINAL_SUBMIT = "final submit, ";

    /** The person's session is gone: the message says who, after which step, and how it showed. */
    public static final class SessionGone extends Exception
    {
        private static final long serialVersionUID = 1L;
        private final boolean afterResubmission;

        SessionGone(String message, boolean afterResubmission)
        {
            super(message, null, false, false);
            this.afterResubmission = afterResubmission;
        }

        /** It showed when a step that had been in flight at a kill was sent again. */
        public boolean afterResubmission()
        {
            return afterResubmission;
        }
    }

    /** The farm answered in a way it must not; recorded in the ledger already. */
    public static final class Failed extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Failed(String message)
        {
            super(message, null, false, false);
        }
    }

    private final HttpUser user;
    private final String who;
    private final Ledger ledger;
    private final boolean outagesExpected;
    private final Duration thinkTime;
    private final Map<String, String> savedVia = new ConcurrentHashMap<>();
    private volatile String lastStep = "the start";

    /**
     * @param who             how failure messages name the person, e.g. "user 7"
     * @param outagesExpected a 503 store-outage page is retried rather than an error
     * @param thinkTime       the longest pause after each step (a random part of it), so that load spreads out
     */
    public Journey(HttpUser user, String who, Ledger ledger, boolean outagesExpected, Duration thinkTime)
    {
        this.user = user;
        this.who = who;
        this.ledger = ledger;
        this.outagesExpected = outagesExpected;
        this.thinkTime = thinkTime;
    }

    public HttpUser user()
    {
        return user;
    }

    public String who()
    {
        return who;
    }

    /** The node whose 303 acknowledged {@code step}, or "no node" if it never was. */
    public String savedVia(String step)
    {
        return savedVia.getOrDefault(step, "no node");
    }

    /** GETs a page, following redirects, and checks that it does not say the session is gone. */
    public Reply open(String path) throws SessionGone
    {
        Reply page = get(path);
        for (int hops = 0; page.isRedirect() && hops < 5; hops++)
            page = get(page.location());
        if (page.status() != 200)
            throw fail("opening " + path, page);
        if (page.saysSessionGone())
            throw new SessionGone(who + ", after " + lastStep + " (saved via " + savedVia(lastStep) + "): " + path
                + " said '" + goneNotice(page) + "' (served by " + page.node() + ")", false);
        return page;
    }

    private Reply get(String path)
    {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (int attempt = 1;; attempt++)
        {
            Reply reply = user.get(path);
            if (reply.status() == 200 || reply.isRedirect() || !retry("GET " + path, reply, attempt, deadline))
            {
                if (reply.status() == 200)
                    ledger.page();
                return reply;
            }
        }
    }

    /**
     * POSTs one step's form and returns the page its redirect leads to, which must be {@code expectedNext}: a form
     * that sends the person back to an earlier step has lost something.
     */
    public Reply submit(String step, String path, Map<String, List<String>> form, String expectedNext)
        throws SessionGone
    {
        return submit(step, path, form, expectedNext, false);
    }

    /**
     * The final submit of a form, which stores it and renames the session (changeSessionId). When it was in flight
     * at a kill, it is sent again as a person presses the button again, and that must show the confirmation of what
     * the first attempt stored: a "session expired" page now is a loss (the person would have to start over, or
     * would give up), recorded as such, not something the database can make up for.
     */
    public Reply submitFinal(String step, String path, Map<String, List<String>> form, String expectedNext)
        throws SessionGone
    {
        try
        {
            return submit(step, path, form, expectedNext, true);
        }
        catch (SessionGone gone)
        {
            if (gone.afterResubmission())
                ledger.lost(who + ", " + step + " sent again after a kill: " + gone.getMessage());
            throw gone;
        }
    }

    private Reply submit(String step, String path, Map<String, List<String>> form, String expectedNext, boolean last)
        throws SessionGone
    {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        boolean resubmitted = false;
        for (int attempt = 1;; attempt++)
        {
            Reply reply = user.post(path, form);
            if (reply.status() == 303)
            {
                ledger.step();
                savedVia.put(step, reply.node());
                Reply next;
                try
                {
                    next = open(reply.location());
                }
                catch (SessionGone gone)
                {
                    throw new SessionGone(gone.getMessage(), resubmitted);
                }
                lastStep = step;
                if (!reply.location().equals(expectedNext))
                    throw new SessionGone(who + ", " + step + " (sent to " + reply.node() + "): expected to go on to "
                        + expectedNext + ", was sent to " + reply.location(), resubmitted);
                if (last && resubmitted)
                    ledger.finalSubmitConfirmedAfterKill();
                pause();
                return next;
            }
            if (!retry((last ? FINAL_SUBMIT : "") + step + ": POST " + path, reply, attempt, deadline))
                throw fail(step, reply);
            if (!reply.isStoreOutagePage())
            {
                ledger.resubmitted();
                resubmitted = true;
            }
        }
    }

    /** Whether a failed request is worth sending again (and counting how it failed); false means it is an error. */
    private boolean retry(String what, Reply reply, int attempt, long deadline)
    {
        if (attempt >= MAX_ATTEMPTS || System.nanoTime() > deadline)
            return false;
        boolean noAnswer = reply.status() < 0 || reply.status() == 502 || reply.status() == 504;
        String killed = ledger.events().killDuring(reply.startNanos(), reply.endNanos());
        if (noAnswer && killed != null)
        {
            ledger.inFlight(who + " " + what + " (" + killed + " killed)");
            return true;
        }
        if (outagesExpected && reply.isStoreOutagePage())
        {
            ledger.outage503(reply.took().toMillis(), user.sessionOfLastRequest(), what);
            pauseBeforeRetry();
            return true;
        }
        return false;
    }

    private Failed fail(String what, Reply reply)
    {
        String message = who + ", " + what + ": " + reply.describe() + " ("
            + ledger.events().nearest(reply.startNanos(), reply.endNanos()) + ")";
        ledger.error(message);
        return new Failed(message);
    }

    private static String goneNotice(Reply page)
    {
        return page.body().contains(Reply.LOST_IN_MEMORY) ? Reply.LOST_IN_MEMORY : Reply.EXPIRED;
    }

    private void pause()
    {
        if (thinkTime.isZero())
            return;
        sleep(ThreadLocalRandom.current().nextLong(thinkTime.toMillis() / 2, thinkTime.toMillis() + 1));
    }

    /** A person who saw "please try again in a moment" does, a moment later. */
    private static void pauseBeforeRetry()
    {
        sleep(250);
    }

    private static void sleep(long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
    }
}
