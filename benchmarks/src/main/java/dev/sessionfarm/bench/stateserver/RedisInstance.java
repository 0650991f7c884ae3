package dev.sessionfarm.bench.stateserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.Ports;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

/**
 * redis-server, the peer of our state server, as a process of its own on a free loopback port. Without
 * persistence unless asked ({@code --save "" --appendonly no}); {@link #find()} says whether it is installed.
 */
public final class RedisInstance implements AutoCloseable
{
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/redis-server"),
        Path.of("/usr/local/bin/redis-server"));

    private final RunSettings settings;
    private final Path binary;
    private final String name;
    private final List<String> options;
    private final int port;
    private ChildProcess process;

    private RedisInstance(RunSettings settings, Path binary, String name, List<String> options, int port)
    {
        this.settings = settings;
        this.binary = binary;
        this.name = name;
        this.options = options;
        this.port = port;
    }

    public static Optional<Path> find()
    {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    /** Redis without persistence: what it is usually run as for sessions, and the fairest peer for speed. */
    public static RedisInstance startVolatile(RunSettings settings, Path binary, String name)
    {
        return start(settings, binary, name, List.of("--save", "", "--appendonly", "no"));
    }

    /** @param options e.g. --dir and --dbfilename for a Redis that loads a snapshot at start */
    public static RedisInstance start(RunSettings settings, Path binary, String name, List<String> options)
    {
        RedisInstance redis = new RedisInstance(settings, binary, name, options, Ports.free());
        redis.start();
        return redis;
    }

    public void start()
    {
        process = launch();
        process.awaitPort(port, Duration.ofSeconds(30));
    }

    /** Starts the process without waiting: for measuring how long it takes to serve. */
    public ChildProcess launch()
    {
        process = ChildProcess.command(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
            "--daemonize", "no", "--protected-mode", "yes").name(name).args(options)
            .log(settings.workDir().resolve(name + ".log")).start();
        return process;
    }

    public int port()
    {
        return port;
    }

    public long pid()
    {
        return process.pid();
    }

    /** A pool with one connection per caller: Jedis connections are blocking, one call at a time. */
    public JedisPooled pooled(int connections)
    {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(connections);
        pool.setMaxIdle(connections);
        pool.setMinIdle(connections);
        return new JedisPooled(pool, "127.0.0.1", port);
    }

    public Jedis connection()
    {
        return new Jedis("127.0.0.1", port);
    }

    /** Stops Redis as its operators do (SHUTDOWN: it saves first if it persists), and waits for the process. */
    public void stop()
    {
        try (Jedis jedis = connection())
        {
            jedis.shutdown();
        }
        catch (RuntimeException closedUnderUs)
        {
            // SHUTDOWN closes the connection instead of answering
        }
        process.stop();
    }

    @Override
    public void close()
    {
        if (process != null)
            process.close();
    }

    public static String version(Path binary)
    {
        try
        {
            ChildProcess p = ChildProcess.command(binary.toString(), "--version").start();
            p.awaitExit(Duration.ofSeconds(10));
            String out = String.join("\n", p.lines()).strip();
            int v = out.indexOf("v=");
            return v < 0 ? out : "redis-server " + out.substring(v + 2, out.indexOf(' ', v));
        }
        catch (RuntimeException e)
        {
            return "redis-server (version unknown)";
        }
    }
}
