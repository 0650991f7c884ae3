package dev.sessionfarm.testing;

import java.util.Map;

import org.eclipse.jetty.session.SessionData;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What every store's run of Jetty's {@code AbstractSessionDataStoreTest} needs besides the store itself. */
public final class JettyContractSupport
{
    private JettyContractSupport()
    {
    }

    /** Jetty's tests store classes only the web application's loader knows: decode and encode under it. */
    public static void withContextLoader(ClassLoader loader, Runnable action)
    {
        ClassLoader old = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try
        {
            action.run();
        }
        finally
        {
            Thread.currentThread().setContextClassLoader(old);
        }
    }

    /** The stored attributes are the session's: the same names, and values equal to its values. */
    public static void assertSameAttributes(SessionData data, Map<String, Object> stored)
    {
        assertEquals(data.getKeys(), stored.keySet());
        for (String name : data.getKeys())
            assertEquals(data.getAttribute(name), stored.get(name), name);
    }
}
