package dev.sessionfarm.e2e.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.sessionfarm.e2e.farm.FarmEvents;
import dev.sessionfarm.e2e.farm.Mode;

/**
 * What the simulated people of one scenario saw, counted: form steps the farm acknowledged, pages, requests that
 * failed because they were in flight on a process at the moment it was killed (and their resubmissions), 503s
 * during store outages; and, listed with who/what/where, every error, every lost or wrong value and every duplicate.
 */
public final class Ledger
{
    private final FarmEvents events;
    private final int killsBefore;
    private final int restartsBefore;
    private final AtomicInteger steps = new AtomicInteger();
    private final AtomicInteger pages = new AtomicInteger();
    private final AtomicInteger journeys = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger resubmissions = new AtomicInteger();
    private final AtomicInteger outage503s = new AtomicInteger();
    private final AtomicLong slowest503Millis = new AtomicLong();
    private final Map<String, String> outageSessions = new ConcurrentHashMap<>();
    private final AtomicInteger sessionsGone = new AtomicInteger();
    private final AtomicInteger finalSubmitsConfirmedAfterKill = new AtomicInteger();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> lost = new CopyOnWriteArrayList<>();
    private final List<String> duplicated = new CopyOnWriteArrayList<>();
    private final List<String> inFlightNotes = new CopyOnWriteArrayList<>();
    private final List<String> goneNotes = new CopyOnWriteArrayList<>();

    /** Counts kills and restarts of {@code events} from now on. */
    public Ledger(FarmEvents events)
    {
        this.events = events;
        this.killsBefore = events.kills();
        this.restartsBefore = events.restarts();
    }

    public FarmEvents events()
    {
        return events;
    }

    public int kills()
    {
        return events.kills() - killsBefore;
    }

    public int restarts()
    {
        return events.restarts() - restartsBefore;
    }

    void step()
    {
        steps.incrementAndGet();
    }

    void page()
    {
        pages.incrementAndGet();
    }

    public void journeyCompleted()
    {
        journeys.incrementAndGet();
    }

    void inFlight(String what)
    {
        inFlight.incrementAndGet();
        inFlightNotes.add(what);
    }

    void resubmitted()
    {
        resubmissions.incrementAndGet();
    }

    /**
     * @param sessionCookie the session cookie the 503 answered for, or null if none
     * @param what          the request, e.g. "order submit: POST /order/review"
     */
    void outage503(long millis, String sessionCookie, String what)
    {
        outage503s.incrementAndGet();
        slowest503Millis.accumulateAndGet(millis, Math::max);
        if (sessionCookie != null)
            outageSessions.put(sessionCookie, what);
    }

    /** The page told the person their session is gone (lost with a node, or expired), or a form sent them back. */
    public void sessionGone(String what)
    {
        sessionsGone.incrementAndGet();
        goneNotes.add(what);
    }

    public List<String> sessionsGoneNotes()
    {
        return List.copyOf(goneNotes);
    }

    /** A final submit in flight at a kill was sent again, and that showed the confirmation. */
    void finalSubmitConfirmedAfterKill()
    {
        finalSubmitsConfirmedAfterKill.incrementAndGet();
    }

    public int finalSubmitsConfirmedAfterKill()
    {
        return finalSubmitsConfirmedAfterKill.get();
    }

    public void error(String what)
    {
        errors.add(what);
    }

    public void lost(String what)
    {
        lost.add(what);
    }

    void duplicated(String what)
    {
        duplicated.add(what);
    }

    public int steps()
    {
        return steps.get();
    }

    public int journeys()
    {
        return journeys.get();
    }

    public int inFlight()
    {
        return inFlight.get();
    }

    public int resubmissions()
    {
        return resubmissions.get();
    }

    public int outage503s()
    {
        return outage503s.get();
    }

    /** The session cookies of the people who met a 503 during an outage, each with the (last) request that did. */
    public Map<String, String> outageSessions()
    {
        return Map.copyOf(outageSessions);
    }

    public long slowest503Millis()
    {
        return slowest503Millis.get();
    }

    public int sessionsGone()
    {
        return sessionsGone.get();
    }

    public List<String> errors()
    {
        return List.copyOf(errors);
    }

    public List<String> lost()
    {
        return List.copyOf(lost);
    }

    public List<String> duplicated()
    {
        return List.copyOf(duplicated);
    }

    /** One line with every count, for the build log. */
    public String summary(String scenario, Mode mode)
    {
        return String.format("[e2e summary] %s | %s | journeys %d, steps %d, pages %d, kills %d, restarts %d, "
            + "in-flight failures %d, resubmissions %d, final submits confirmed after a kill %d, 503s %d (slowest %d ms), "
            + "sessions gone %d, lost %d, duplicated %d, errors %d", scenario, mode, journeys.get(), steps.get(),
            pages.get(), kills(), restarts(), inFlight.get(), resubmissions.get(), finalSubmitsConfirmedAfterKill.get(),
            outage503s.get(), slowest503Millis.get(), sessionsGone.get(), lost.size(), duplicated.size(),
            errors.size());
    }

    /** Everything that went wrong, listed, for an assertion message. */
    public String problems()
    {
        List<String> all = new ArrayList<>();
        errors.forEach(e -> all.add("error: " + e));
        goneNotes.forEach(g -> all.add("session gone: " + g));
        lost.forEach(l -> all.add("lost: " + l));
        duplicated.forEach(d -> all.add("duplicated: " + d));
        if (!inFlightNotes.isEmpty())
            all.add("(in flight at a kill, resubmitted: " + inFlightNotes + ")");
        return all.isEmpty() ? "none" : String.join("\n  ", all);
    }
}
