package dev.sessionfarm.bench.store;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.sessionfarm.bench.load.ClosedLoop;
import org.eclipse.jetty.session.SessionContext;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionDataStore;

/**
 * The store-level work of one form step, the unit all store benchmarks count as one operation: load the session,
 * change one attribute, update the access times as Jetty does when a request arrives, and store it. Sessions hold
 * {@value #ATTRIBUTES} text attributes of one size (2 KB, 20 KB or 200 KB in all). Each caller works on its own
 * sessions, as each person has their own; with several store instances (nodes), each session's steps go to the
 * next instance in turn, as a balancer without sticky sessions sends them.
 */
public final class FormStepMix
{
    public static final int ATTRIBUTES = 8;

    /** A session size of the benchmarks: its label, the characters of each attribute, how many sessions to use. */
    public record Size(String label, int valueChars, int sessions)
    {
        public int sessionBytes()
        {
            return valueChars * ATTRIBUTES;
        }
    }

    /** 2 KB, 20 KB and 200 KB; fewer sessions of the larger sizes, so every size's data stays around 12-16 MB. */
    public static List<Size> sizes(boolean quick)
    {
        List<Size> all = List.of(new Size("2 KB", 256, 1024), new Size("20 KB", 2560, 256),
            new Size("200 KB", 25600, 64));
        return quick ? List.of(new Size("2 KB", 256, 32), new Size("200 KB", 25600, 32)) : all;
    }

    /** Distinct values cycled through, so every change really changes the value and costs nothing to make. */
    private static final int VALUE_VARIANTS = 64;
    private static final long MAX_INACTIVE_MS = TimeUnit.MINUTES.toMillis(30);

    private final List<String> values;
    private final String idPrefix;

    /**
     * @param idPrefix   distinguishes this run's sessions from others in the same store
     * @param valueChars characters of each attribute's value
     */
    public FormStepMix(String idPrefix, int valueChars)
    {
        this.idPrefix = idPrefix;
        SplittableRandom random = new SplittableRandom(42);
        List<String> variants = new ArrayList<>();
        for (int v = 0; v < VALUE_VARIANTS; v++)
        {
            StringBuilder text = new StringBuilder(valueChars);
            for (int c = 0; c < valueChars; c++)
                text.append((char)('a' + random.nextInt(26)));
            variants.add(text.toString());
        }
        this.values = List.copyOf(variants);
    }

    /** A session context as a node at context path {@code /} without virtual host has, for a store to start with. */
    public static SessionContext context(String workerName)
    {
        return new SessionContext()
        {
            {
                _workerName = workerName;
                _canonicalContextPath = "_";
                _vhost = NULL_VHOST;
            }
        };
    }

    public String idPrefix()
    {
        return idPrefix;
    }

    public String sessionId(int index)
    {
        return idPrefix + "-" + index;
    }

    /** Stores {@code count} new sessions, as their first request would. */
    public void createSessions(SessionDataStore store, int count) throws Exception
    {
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++)
        {
            SessionData data = store.newSessionData(sessionId(i), now, now, now, MAX_INACTIVE_MS);
            data.calcAndSetExpiry(now);
            for (int a = 0; a < ATTRIBUTES; a++)
                data.setAttribute(attributeName(a), values.get((i + a) % VALUE_VARIANTS));
            store.store(sessionId(i), data);
        }
    }

    /**
     * Caller {@code index} of {@code callers} steps through sessions index, index + callers, ...; each session's
     * steps go to the next of {@code stores} in turn.
     */
    public ClosedLoop.Operation caller(List<? extends SessionDataStore> stores, int index, int callers, int sessions)
    {
        return new ClosedLoop.Operation()
        {
            private final int[] visits = new int[sessions];
            private int next = index;
            private int step;

            @Override
            public void run() throws Exception
            {
                int session = next;
                next += callers;
                if (next >= sessions)
                    next = index;
                formStep(stores.get(visits[session]++ % stores.size()), sessionId(session), step++);
            }
        };
    }

    private void formStep(SessionDataStore store, String id, int step) throws Exception
    {
        SessionData data = store.load(id);
        if (data == null)
            throw new IllegalStateException("session " + id + " is gone");
        long now = System.currentTimeMillis();
        data.setLastAccessed(data.getAccessed());
        data.setAccessed(now);
        data.calcAndSetExpiry(now);
        data.setAttribute(attributeName(step % ATTRIBUTES), values.get(step % VALUE_VARIANTS));
        store.store(id, data);
    }

    /** The values of one session as a peer that holds them itself (Redis) starts with. */
    public String attributeValue(int session, int attribute)
    {
        return values.get((session + attribute) % VALUE_VARIANTS);
    }

    /** The value step {@code step} of a caller writes, and {@link #changedAttribute} the attribute it goes to. */
    public String stepValue(int step)
    {
        return values.get(step % VALUE_VARIANTS);
    }

    public static String changedAttribute(int step)
    {
        return attributeName(step % ATTRIBUTES);
    }

    public static String attributeName(int index)
    {
        return "form.field" + index;
    }
}
