package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.model.Units;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateprotocol.Handshake;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.ServerStats;
import dev.sessionfarm.stateprotocol.SharedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.sessionfarm.stateserver.Sessions.attributes;
import static dev.sessionfarm.stateserver.Sessions.metadata;
import static dev.sessionfarm.stateserver.Sessions.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random, mutated, oversized, truncated and slow input: afterwards the server must still be alive, serve a valid
 * client, and hold bounded memory. The normal run fuzzes for a few seconds; for a long local run:
 * {@code mvn -pl state-server test -Dtest=BadInputFuzzTest -Dfuzz.frames=1000000}.
 */
class BadInputFuzzTest
{
    private static final long FRAMES = Long.getLong("fuzz.frames", 0);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 4));
    private static final int SENDERS = 3;

    private StateServerFixture server;
    private byte[] key;

    @BeforeEach
    void startServer() throws IOException
    {
        server = StateServerFixture.startWithKey("--max-memory", "64m", "--max-frame-bytes", "1m",
            "--read-timeout", "1s", "--handshake-timeout", "1s");
        key = SharedKeys.read(server.keyFile()).primary();
    }

    @AfterEach
    void stopServer()
    {
        server.close();
    }

    @Test
    void fuzzedFramesNeitherCrashTheServerNorGrowItsMemory() throws Exception
    {
        StateServerClient client = server.client();
        client.save(SaveRequest.replace("/app", "before", 0, metadata(1_000, 0), attributes("a", "1")));
        long rssBefore = server.rssKilobytes();
        long started = System.nanoTime();
        long deadline = FRAMES > 0 ? Long.MAX_VALUE : started + BUDGET.toNanos();
        AtomicLong sent = new AtomicLong();
        AtomicLong answers = new AtomicLong();
        AtomicLong errorAnswers = new AtomicLong();
        AtomicLong reconnects = new AtomicLong();

        ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 2);
        try
        {
            List<Future<?>> workers = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++)
            {
                long seed = started + s;
                workers.add(pool.submit(() -> fuzzAuthenticated(seed, deadline, sent, answers, errorAnswers,
                    reconnects)));
            }
            workers.add(pool.submit(() -> fuzzUnauthenticated(started, deadline, sent)));
            workers.add(pool.submit(() -> slowClients(deadline)));
            for (Future<?> worker : workers)
            {
                worker.get(FRAMES > 0 ? 3_600 : 120, TimeUnit.SECONDS);
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertTrue(server.isAlive(), "the server process died:\n" + server.logText());
        client.save(SaveRequest.replace("/app", "after", 0, metadata(2_000, 0), attributes("b", "2")));
        assertEquals(Map.of("a", "1"), values(client.load("/app", "before", 0)));
        assertEquals(Map.of("b", "2"), values(client.load("/app", "after", 0)));
        ServerStats stats = client.stats();
        long rssAfter = server.rssKilobytes();
        System.out.printf("fuzz: %,d frames sent in %,d ms, %,d answers (%,d errors), %,d reconnects after the server"
            + " closed on bad framing; protocol errors counted by the server %,d; sessions %,d holding %s;"
            + " RSS %,d KiB before, %,d KiB after%n", sent.get(), elapsedMs, answers.get(),
            errorAnswers.get(), reconnects.get(), stats.get("errors.protocol"), stats.activeSessions(),
            Units.formatBytes(stats.bytesHeld()), rssBefore, rssAfter);
        assertTrue(sent.get() >= Math.max(FRAMES, 1_000), "fuzzed only " + sent.get() + " frames");
        assertTrue(errorAnswers.get() > 0 && stats.get("errors.protocol") > 0);
        assertTrue(stats.bytesHeld() < 64L << 20, "session data stays under the bound");
        assertTrue(rssAfter < rssBefore + 300 * 1024, "RSS grew from " + rssBefore + " to " + rssAfter + " KiB");
        assertTrue(stats.currentConnections() <= 3,
            "every fuzzing connection was closed: " + stats.currentConnections());
    }

    private void fuzzAuthenticated(long seed, long deadline, AtomicLong sent, AtomicLong answers,
                                   AtomicLong errorAnswers, AtomicLong reconnects)
    {
        FuzzFrames frames = new FuzzFrames(seed);
        Random random = frames.random();
        while (!done(sent, deadline))
        {
            try (RawConnection connection = RawConnection.authenticated(server.port(), key))
            {
                Thread reader = drain(connection, answers, errorAnswers);
                while (!done(sent, deadline))
                {
                    int kind = random.nextInt(1000);
                    if (kind < 2)
                    {
                        connection.send(frames.badlyFramed());
                        sent.incrementAndGet();
                        break;
                    }
                    if (kind < 4)
                    {
                        byte[] frame = frames.valid();
                        connection.send(java.util.Arrays.copyOf(frame, 1 + random.nextInt(frame.length - 1)));
                        sent.incrementAndGet();
                        break;
                    }
                    connection.send(frames.wellFramed());
                    sent.incrementAndGet();
                }
                connection.socket.shutdownOutput();
                reader.join(10_000);
            }
            catch (IOException | InterruptedException e)
            {
                // The server closed a connection it had to close; open the next one.
            }
            reconnects.incrementAndGet();
        }
    }

    /** Garbage from the first byte, and hellos with nonsense versions: all refused before authentication. */
    private void fuzzUnauthenticated(long seed, long deadline, AtomicLong sent)
    {
        Random random = new Random(seed);
        while (!done(sent, deadline))
        {
            try (RawConnection connection = new RawConnection(server.port()))
            {
                if (random.nextBoolean())
                {
                    byte[] garbage = new byte[1 + random.nextInt(200)];
                    random.nextBytes(garbage);
                    connection.send(garbage);
                }
                else
                {
                    Handshake.ServerHello hello = connection.hello(new byte[Protocol.NONCE_BYTES]);
                    byte[] frame = new FuzzFrames(random.nextLong()).wellFramed();
                    connection.send(frame);
                    assertTrue(hello.authRequired());
                }
                sent.incrementAndGet();
                connection.closedByServerWithin(5_000);
            }
            catch (IOException expected)
            {
                // Refused, as it should be.
            }
        }
    }

    /** Clients that send a byte at a time: each must be cut off at its deadline instead of pinning a thread. */
    private void slowClients(long deadline)
    {
        try
        {
            List<RawConnection> slow = new ArrayList<>();
            slow.add(new RawConnection(server.port()));
            RawConnection midFrame = RawConnection.authenticated(server.port(), key);
            slow.add(midFrame);
            byte[] hello = new Handshake.ClientHello(1, 1, new byte[Protocol.NONCE_BYTES]).encode();
            byte[] frame = new FuzzFrames(1).valid();
            long started = System.nanoTime();
            int closed = 0;
            for (int i = 0; closed < slow.size(); i++)
            {
                closed = 0;
                for (int c = 0; c < slow.size(); c++)
                {
                    byte[] source = c == 0 ? hello : frame;
                    try
                    {
                        slow.get(c).send(new byte[] {source[i % source.length]});
                    }
                    catch (IOException e)
                    {
                        closed++;
                    }
                }
                assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20), "slow clients not cut off");
                Thread.sleep(200);
            }
            for (RawConnection connection : slow)
            {
                connection.close();
            }
        }
        catch (IOException | InterruptedException e)
        {
            throw new AssertionError(e);
        }
        assertTrue(server.logText().contains("no complete handshake within 1000 ms"));
        assertTrue(server.logText().contains("no complete frame within 1000 ms"));
    }

    private static boolean done(AtomicLong sent, long deadline)
    {
        return FRAMES > 0 ? sent.get() >= FRAMES : System.nanoTime() > deadline;
    }

    private static Thread drain(RawConnection connection, AtomicLong answers, AtomicLong errorAnswers)
    {
        Thread reader = new Thread(() ->
        {
            try
            {
                while (true)
                {
                    RawConnection.Frame answer = connection.readFrame();
                    answers.incrementAndGet();
                    if (answer.status() == Protocol.STATUS_ERROR)
                    {
                        errorAnswers.incrementAndGet();
                    }
                }
            }
            catch (IOException endOfConnection)
            {
                // The server closed it, or we did.
            }
        });
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
