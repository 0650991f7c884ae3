package dev.sessionfarm.stateserver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import dev.sessionfarm.model.Units;
import dev.sessionfarm.stateprotocol.Protocol;

/** The settings of {@code state-server serve}, parsed and checked; {@link #HELP} documents each. */
record ServeOptions(int port, String bind, boolean allowRemote, Path keyFile, Path tlsKeystore,
    String tlsKeystorePassword, long maxMemory, int maxFrameBytes, int maxConnections,
    int maxUnauthenticated, int maxUnauthenticatedPerAddress,
    Path dataDir, MutationLog.Fsync fsync, long compactAfter, Duration expiredGrace,
    Duration cleanupInterval, Duration handshakeTimeout, Duration idleTimeout,
    Duration readTimeout, boolean repair, boolean allowReadableKeyFile, int maxProtocolVersion,
    int httpPort)
{
    static final String HELP = """
        Usage: state-server [serve] [options]

        Runs the session state server until it is stopped (SIGTERM or Ctrl-C).

        Network and security:
          --port N                      TCP port; 0 picks a free one (logged)        [42424]
          --bind ADDRESS                address to listen on                         [127.0.0.1]
          --allow-remote                allow a non-loopback --bind; needs --key-file [off]
          --key-file FILE               shared key file (one base64 key per line; the
                                        first is current, the rest still accepted);
                                        without it any local process can use the server
          --allow-readable-key-file     accept a key file that group or others can read
                                        (refused otherwise, at start and on re-read)   [off]
          --http-port N                 also serve /health/live, /health/ready and
                                        /metrics (Prometheus text) over HTTP on --bind;
                                        0 picks a free one (logged)                  [off]
          --tls-keystore FILE           PKCS12 key store: enables TLS                [off]
          --tls-keystore-password PW    its password (or use --tls-keystore-password-file)
          --tls-keystore-password-file FILE
                                        file whose first line is the password

        Limits:
          --max-memory SIZE             bound on session data held; new sessions are
                                        refused beyond it, existing ones keep working  [512m]
          --max-frame-bytes SIZE        largest request or answer                     [16m]
          --max-connections N           concurrent authenticated connections (ones
                                        still in their handshake do not count)       [1024]
          --max-unauthenticated N       connections still in their handshake; beyond
                                        it the oldest silent one is closed, so nodes
                                        always get in however often an attacker
                                        reconnects                                    [256]
          --max-unauthenticated-per-address N
                                        the same, from one address                    [128]
          --handshake-timeout DURATION  time to finish TLS, hello and authentication
                                                                    [3s, with TLS 10s]
          --idle-timeout DURATION       an idle connection is closed after this       [10m]
          --read-timeout DURATION       time to receive one whole frame or send one
                                        answer (stops slow clients)                   [30s]

        Persistence (without --data-dir everything is in memory only):
          --data-dir DIR                append-only log + snapshots in DIR            [off]
          --fsync always|everysec|no    when the log is forced to disk; "always" makes
                                        every acknowledged write survive a crash      [everysec]
          --compact-after SIZE          snapshot + drop old log once the log exceeds
                                        this and the live data size                   [64m]
          --repair                      start even though files in --data-dir are
                                        damaged: load every intact record, keep the
                                        damaged files in DIR/damaged, write a fresh
                                        generation, report what was lost (without it
                                        such damage refuses the start)               [off]

        Upgrades:
          --max-protocol-version N      speak at most this protocol version, as an
                                        older server would (1: no delta loads)        [2]

        Expiry:
          --expired-grace DURATION      sessions expired longer than this are removed
                                        by the server itself (clients normally claim
                                        and delete them first, running listeners)     [10m]
          --cleanup-interval DURATION   how often that removal runs                   [1m]

        Sizes are bytes or take KiB, MiB, GiB; durations need their unit: ms, s, m, h, d.
        Other commands: state-server keygen --help, state-server stats --help
        """;

    private static final Set<String> VALUED = Set.of("port", "bind", "key-file", "tls-keystore",
        "tls-keystore-password", "tls-keystore-password-file", "max-memory", "max-frame-bytes",
        "max-connections", "max-unauthenticated", "max-unauthenticated-per-address", "data-dir", "fsync",
        "compact-after", "expired-grace", "cleanup-interval", "handshake-timeout", "idle-timeout", "read-timeout",
        "max-protocol-version", "http-port");
    private static final Set<String> FLAGS = Set.of("allow-remote", "repair", "allow-readable-key-file", "help");

    static boolean wantsHelp(String[] args, int from)
    {
        for (int i = from; i < args.length; i++)
        {
            if (args[i].equals("--help") || args[i].equals("-h"))
            {
                return true;
            }
        }
        return false;
    }

    static ServeOptions parse(String[] args, int from)
    {
        CommandLine line = CommandLine.parse(args, from, VALUED, FLAGS, "serve");
        int port = line.get("port", String.valueOf(Protocol.DEFAULT_PORT), value -> range(value, 0, 65535));
        String password = line.get("tls-keystore-password", null);
        if (line.has("tls-keystore-password-file"))
        {
            password = line.get("tls-keystore-password-file", null, ServeOptions::firstLine);
        }
        ServeOptions options = new ServeOptions(
            port,
            line.get("bind", "127.0.0.1"),
            line.has("allow-remote"),
            line.has("key-file") ? Path.of(line.get("key-file", null)) : null,
            line.has("tls-keystore") ? Path.of(line.get("tls-keystore", null)) : null,
            password,
            line.get("max-memory", "512m", value -> atLeast(Units.bytes(value), 1 << 20, "1m")),
            (int)(long)line.get("max-frame-bytes", String.valueOf(Protocol.DEFAULT_MAX_FRAME_BYTES),
                value -> within(Units.bytes(value), 4096, 1L << 30, "4k..1g")),
            line.get("max-connections", "1024", value -> range(value, 1, 65535)),
            line.get("max-unauthenticated", "256", value -> range(value, 1, 65535)),
            line.get("max-unauthenticated-per-address", "128", value -> range(value, 1, 65535)),
            line.has("data-dir") ? Path.of(line.get("data-dir", null)) : null,
            line.get("fsync", "everysec", MutationLog.Fsync::parse),
            line.get("compact-after", "64m", value -> atLeast(Units.bytes(value), 1 << 16, "64k")),
            line.get("expired-grace", "10m", ServeOptions::duration),
            line.get("cleanup-interval", "1m", ServeOptions::positiveDuration),
            line.get("handshake-timeout", line.has("tls-keystore") ? "10s" : "3s",
                ServeOptions::positiveDuration),
            line.get("idle-timeout", "10m", ServeOptions::positiveDuration),
            line.get("read-timeout", "30s", ServeOptions::positiveDuration),
            line.has("repair"),
            line.has("allow-readable-key-file"),
            line.get("max-protocol-version", String.valueOf(Protocol.MAX_VERSION),
                value -> range(value, Protocol.MIN_VERSION, Protocol.MAX_VERSION)),
            line.has("http-port") ? line.get("http-port", null, value -> range(value, 0, 65535)) : -1);
        options.checkSecurity();
        return options;
    }

    /** Secure by default: reachable from other machines only when asked for, and then only with a key. */
    private void checkSecurity()
    {
        boolean loopback;
        try
        {
            loopback = InetAddress.getByName(bind).isLoopbackAddress();
        }
        catch (UnknownHostException e)
        {
            throw new CommandLine.UsageException("--bind " + bind + ": unknown host");
        }
        if (!loopback && !allowRemote)
        {
            throw new CommandLine.UsageException("refusing to listen on " + bind + ": it is not a loopback address,"
                + " so other machines could reach the sessions. Use --bind 127.0.0.1, or add --allow-remote"
                + " together with --key-file if remote nodes must connect.");
        }
        if (allowRemote && keyFile == null)
        {
            throw new CommandLine.UsageException("--allow-remote needs --key-file: a state server reachable from"
                + " other machines must authenticate its clients. Create a key with"
                + " `state-server keygen --out FILE`, give the same file to every node, and pass --key-file FILE.");
        }
        if (tlsKeystore != null && tlsKeystorePassword == null)
        {
            throw new CommandLine.UsageException("--tls-keystore needs --tls-keystore-password or"
                + " --tls-keystore-password-file");
        }
    }

    private static int range(String value, int min, int max)
    {
        int number;
        try
        {
            number = Integer.parseInt(value.strip());
        }
        catch (NumberFormatException e)
        {
            throw new IllegalArgumentException("not a number: '" + value + "'", e);
        }
        if (number < min || number > max)
        {
            throw new IllegalArgumentException(number + " is outside " + min + ".." + max);
        }
        return number;
    }

    private static long atLeast(long value, long min, String minText)
    {
        if (value < min)
        {
            throw new IllegalArgumentException("must be at least " + minText);
        }
        return value;
    }

    private static long within(long value, long min, long max, String rangeText)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException("must be within " + rangeText);
        }
        return value;
    }

    private static Duration duration(String value)
    {
        return Units.duration(value);
    }

    private static Duration positiveDuration(String value)
    {
        Duration duration = Units.duration(value);
        if (duration.isZero())
        {
            throw new IllegalArgumentException("must be longer than 0");
        }
        return duration;
    }

    private static String firstLine(String file)
    {
        try
        {
            return java.nio.file.Files.readAllLines(Path.of(file)).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + " is empty"));
        }
        catch (java.io.IOException e)
        {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString()
    {
        return "ServeOptions[" + bind + ":" + port + ", " + describeLimits() + ", data-dir " + dataDir + "]";
    }

    /** One line for the start-up log. */
    String describeLimits()
    {
        return "memory bound " + Units.formatBytes(maxMemory) + ", max frame " + Units.formatBytes(maxFrameBytes)
            + ", max connections " + maxConnections + " (+ " + maxUnauthenticated + " unauthenticated, "
            + maxUnauthenticatedPerAddress + " per address, handshake within " + handshakeTimeout.toMillis()
            + " ms)";
    }
}
