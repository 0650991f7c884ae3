package dev.sessionfarm.bench.stateserver;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sessionfarm.bench.load.ClosedLoop;
import dev.sessionfarm.bench.load.Throughput;
import dev.sessionfarm.bench.load.WindowProbe;
import dev.sessionfarm.bench.store.FormStepMix;
import redis.clients.jedis.JedisPooled;

/**
 * The Redis peer of the state server, laid out as Spring Session's RedisSessionRepository keeps a session: one
 * hash per session (spring:session:sessions:&lt;id&gt;), every attribute a field (sessionAttr:&lt;name&gt;) holding
 * its Java-serialized value (Spring's default JdkSerializationRedisSerializer), beside creationTime,
 * lastAccessedTime and maxInactiveInterval. A form step is what the repository does for a request: HGETALL and
 * deserialize every field (findById), then HSET only the changed fields (the changed attribute and
 * lastAccessedTime) and PEXPIRE to renew the expiry (save): three round trips, as Spring Session makes them.
 */
final class SpringSessionRedis
{
    private static final long TTL_MS = TimeUnit.MINUTES.toMillis(30);
    private static final byte[] LAST_ACCESSED = bytes("lastAccessedTime");

    private SpringSessionRedis()
    {
    }

    static void createSessions(RedisInstance redis, FormStepMix mix, int sessions)
    {
        try (JedisPooled jedis = redis.pooled(1))
        {
            long now = System.currentTimeMillis();
            for (int i = 0; i < sessions; i++)
            {
                Map<byte[], byte[]> hash = new HashMap<>();
                hash.put(bytes("creationTime"), serialize(now));
                hash.put(LAST_ACCESSED, serialize(now));
                hash.put(bytes("maxInactiveInterval"), serialize((int)(TTL_MS / 1000)));
                for (int a = 0; a < FormStepMix.ATTRIBUTES; a++)
                    hash.put(field(FormStepMix.attributeName(a)), serialize(mix.attributeValue(i, a)));
                byte[] key = key(mix, i);
                jedis.hset(key, hash);
                jedis.pexpire(key, TTL_MS);
            }
        }
    }

    static Throughput formSteps(RedisInstance redis, FormStepMix mix, int callers, int sessions, Duration warmUp,
                                Duration window, WindowProbe probe)
        throws Exception
    {
        try (JedisPooled jedis = redis.pooled(callers))
        {
            return ClosedLoop.run(callers, warmUp, window, index -> new ClosedLoop.Operation()
            {
                private int next = index;
                private int step;

                @Override
                public void run() throws Exception
                {
                    byte[] key = key(mix, next);
                    next += callers;
                    if (next >= sessions)
                        next = index;
                    Map<byte[], byte[]> stored = jedis.hgetAll(key);
                    if (stored.isEmpty())
                        throw new IllegalStateException("session gone from Redis");
                    Map<String, Object> attributes = new HashMap<>();
                    for (Map.Entry<byte[], byte[]> field : stored.entrySet())
                        attributes.put(new String(field.getKey(), StandardCharsets.UTF_8),
                            deserialize(field.getValue()));
                    Map<byte[], byte[]> delta = new HashMap<>();
                    delta.put(field(FormStepMix.changedAttribute(step)), serialize(mix.stepValue(step)));
                    delta.put(LAST_ACCESSED, serialize(System.currentTimeMillis()));
                    step++;
                    jedis.hset(key, delta);
                    jedis.pexpire(key, TTL_MS);
                }
            }, probe);
        }
    }

    private static byte[] key(FormStepMix mix, int session)
    {
        return bytes("spring:session:sessions:" + mix.sessionId(session));
    }

    private static byte[] field(String attribute)
    {
        return bytes("sessionAttr:" + attribute);
    }

    private static byte[] bytes(String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] serialize(Object value)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out))
        {
            objects.writeObject(value);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException
    {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)))
        {
            return in.readObject();
        }
    }
}
