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
 * change one attribute (every other step two), update the access times as Jetty does when a request arrives, and
 * store it. Sessions hold {@value #ATTRIBUTES} text attributes of {@value #VALUE_CHARS} characters: 2 KB.
 * Each caller works on its own sessions, as each person has their own.
 */
public final class FormStepMix
{
    public static final int ATTRIBUTES = 8;
    static final int VALUE_CHARS = 256;
    /** Distinct values cycled through, so every change really changes the value and costs nothing to make. */
    private static final int VALUE_VARIANTS = 64;
    private static final long MAX_INACTIVE_MS = TimeUnit.MINUTES.toMillis(30);

    private final List<String> values;
    private final String idPrefix;

    /** @param idPrefix distinguishes this run's sessions from others in the same store */
    public FormStepMix(String idPrefix)
    {
        this.idPrefix = idPrefix;
        SplittableRandom random = new SplittableRandom(42);
        List<String> variants = new ArrayList<>();
        for (int v = 0; v < VALUE_VARIANTS; v++)
        {
            StringBuilder text = new StringBuilder(VALUE_CHARS);
            for (int c = 0; c < VALUE_CHARS; c++)
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

    /** Stores {@code count} new sessions of 2 KB, as their first request would. */
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

    /** Caller {@code index} of {@code callers} steps through sessions index, index + callers, ... */
    public ClosedLoop.Operation caller(SessionDataStore store, int index, int callers, int sessions)
    {
        return new ClosedLoop.Operation()
        {
            private int next = index;
            private int step;

            @Override
            public void run() throws Exception
            {
                String id = sessionId(next);
                next += callers;
                if (next >= sessions)
                    next = index;
                formStep(store, id, step++);
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
        if (step % 2 == 1)
            data.setAttribute(attributeName((step + 3) % ATTRIBUTES), values.get((step + 7) % VALUE_VARIANTS));
        store.store(id, data);
    }

    /** The bytes of the values of one session as a byte-oriented peer (Redis) would hold them. */
    public String attributeValue(int session, int attribute)
    {
        return values.get((session + attribute) % VALUE_VARIANTS);
    }

    public static String attributeName(int index)
    {
        return "form.field" + index;
    }
}
