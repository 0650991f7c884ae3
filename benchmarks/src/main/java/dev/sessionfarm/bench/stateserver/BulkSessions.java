package dev.sessionfarm.bench.stateserver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.stateclient.StateServerClient;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Many sessions of one {@value #VALUE_BYTES}-byte attribute each, written into the state server and into Redis
 * alike: the same ids (as long as Jetty's), the same value bytes, the same 30 minute expiry.
 */
public final class BulkSessions
{
    public static final int VALUE_BYTES = 1024;
    public static final String SCOPE = "bench";
    public static final String ATTRIBUTE = "form";
    private static final long TTL_MS = TimeUnit.MINUTES.toMillis(30);
    private static final int WRITERS = 8;
    private static final int REDIS_PIPELINE = 1000;

    private final byte[][] values = new byte[16][];

    public BulkSessions()
    {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < values.length; i++)
        {
            values[i] = new byte[VALUE_BYTES];
            random.nextBytes(values[i]);
        }
    }

    /** 28 characters, like the ids Jetty hands out ("node0" + 23 random characters). */
    public static String id(int index)
    {
        return String.format("node0bench%018d", index);
    }

    public byte[] value(int index)
    {
        return values[index % values.length];
    }

    /** Saves sessions {@code from} (inclusive) to {@code to} (exclusive), from several threads at once. */
    public void writeTo(StateServerClient client, int from, int to) throws Exception
    {
        long now = System.currentTimeMillis();
        SessionMetadata metadata = new SessionMetadata(now, now, now, now, TTL_MS, now + TTL_MS, "node0");
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try
        {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++)
            {
                int writer = w;
                done.add(writers.submit(() ->
                {
                    for (int i = from + writer; i < to; i += WRITERS)
                        client.save(SaveRequest.replace(SCOPE, id(i), 0, metadata, Map.of(ATTRIBUTE, value(i))));
                    return null;
                }));
            }
            for (Future<?> writer : done)
                writer.get();
        }
        finally
        {
            writers.shutdownNow();
        }
    }

    /** The same sessions as plain keys with the value and the expiry, pipelined. */
    public void writeTo(Jedis redis, int from, int to)
    {
        Pipeline pipeline = redis.pipelined();
        for (int i = from; i < to; i++)
        {
            pipeline.psetex(id(i).getBytes(StandardCharsets.UTF_8), TTL_MS, value(i));
            if ((i - from + 1) % REDIS_PIPELINE == 0)
                pipeline.sync();
        }
        pipeline.sync();
    }
}
