package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A wrong-key flood must not grow the log without bound (issue 15: 25,744 attempts, 6.2 MB in 10 s). */
class RefusalLogTest
{
    private static final int THREADS = 4;
    private static final Duration FLOOD = Duration.ofSeconds(4);

    private StateServerFixture server;

    @AfterEach
    void stopServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void aWrongKeyFloodIsLoggedAFewTimesWithTheCountSuppressed() throws InterruptedException
    {
        server = StateServerFixture.startWithKey();
        int logLinesBefore = lines(server.logText());
        AtomicLong attempts = new AtomicLong();
        long end = System.nanoTime() + FLOOD.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++)
        {
            Thread thread = new Thread(() ->
            {
                SecureRandom random = new SecureRandom();
                while (System.nanoTime() < end)
                {
                    byte[] wrongKey = new byte[32];
                    random.nextBytes(wrongKey);
                    try (RawConnection raw = RawConnection.authenticated(server.port(), wrongKey))
                    {
                        throw new AssertionError("a wrong key was accepted");
                    }
                    catch (IOException refused)
                    {
                        attempts.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads)
        {
            thread.join();
        }
        StateServerFixture.waitUntil(Duration.ofSeconds(10),
            () -> server.client().stats().authFailures() >= attempts.get(), "every failure to be counted");
        String log = server.logText();
        int authLines = count(log, "authentication failed");
        int added = lines(log) - logLinesBefore;
        System.out.printf("wrong-key flood: %d attempts in %s, %d 'authentication failed' lines, %d log lines%n",
            attempts.get(), FLOOD, authLines, added);
        assertTrue(attempts.get() >= 200, "the flood made only " + attempts.get() + " attempts");
        assertTrue(authLines >= 1 && authLines <= 10, authLines + " 'authentication failed' lines for "
            + attempts.get() + " attempts");
        assertTrue(added <= 20, added + " log lines for " + attempts.get() + " attempts");
        assertTrue(log.contains("authentication failed for peer /127.0.0.1:"), "the first one names the peer");
    }

    private static int lines(String text)
    {
        return (int)text.lines().count();
    }

    private static int count(String text, String what)
    {
        return (int)text.lines().filter(line -> line.contains(what)).count();
    }
}
