package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.sessionfarm.model.cli.Commands;
import dev.sessionfarm.stateprotocol.Protocol;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code state-server serve}: its options, checked into {@link ServeOptions}, and the server run until stopped. */
@Command(name = "serve", sortOptions = false, header = "Run the state server (the default command).", description = {
    "Runs the session state server until it is stopped (SIGTERM or Ctrl-C)."}, footer = {"",
        "Sizes are bytes or take KiB, MiB, GiB; durations need their unit: ms, s, m, h, d.",
        "Other commands: state-server keygen --help, state-server stats --help"})
class ServeCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = "%nNetwork and security:%n", order = 1)
    Network network = new Network();

    @ArgGroup(validate = false, heading = "%nLimits:%n", order = 2)
    Limits limits = new Limits();

    @ArgGroup(validate = false, heading = "%nPersistence (without --data-dir everything is in memory only):%n", order = 3)
    Storage storage = new Storage();

    @ArgGroup(validate = false, heading = "%nUpgrades:%n", order = 4)
    Upgrades upgrades = new Upgrades();

    @ArgGroup(validate = false, heading = "%nExpiry:%n", order = 5)
    Expiry expiry = new Expiry();

    static final class Network
    {
        @Option(names = "--port", paramLabel = "N", order = 1, description = "TCP port; 0 picks a free one (logged) [${DEFAULT-VALUE}]")
        int port = Protocol.DEFAULT_PORT;

        @Option(names = "--bind", paramLabel = "ADDRESS", order = 2, description = "address to listen on [${DEFAULT-VALUE}]")
        String bind = "127.0.0.1";

        @Option(names = "--allow-remote", order = 3, description = "allow a non-loopback --bind; needs --key-file [off]")
        boolean allowRemote;

        @Option(names = "--key-file", paramLabel = "FILE", order = 4, description = {
            "shared key file (one base64 key per line; the first is current, the rest still "
                + "accepted); without it any local process can use the server"})
        Path keyFile;

        @Option(names = "--allow-readable-key-file", order = 5, description = "accept a key file that group or "
            + "others can read (refused otherwise, at start and on re-read) [off]")
        boolean allowReadableKeyFile;

        @Option(names = "--http-port", paramLabel = "N", order = 6, description = "also serve /health/live, "
            + "/health/ready and /metrics (Prometheus text) over HTTP on --bind; 0 picks a free one (logged) [off]")
        Integer httpPort;

        @Option(names = "--tls-keystore", paramLabel = "FILE", order = 7, description = "PKCS12 key store: enables TLS [off]")
        Path tlsKeystore;

        @Option(names = "--tls-keystore-password", paramLabel = "PW", order = 8, description = "its password (or use --tls-keystore-password-file)")
        String tlsKeystorePassword;

        @Option(names = "--tls-keystore-password-file", paramLabel = "FILE", order = 9, description = "file whose first line is the password")
        Path tlsKeystorePasswordFile;
    }

    static final class Limits
    {
        @Option(names = "--max-memory", paramLabel = "SIZE", order = 1, converter = Commands.Size.class, defaultValue = "512m", description = "bound on session data held; new sessions are refused beyond it, "
            + "existing ones keep working [${DEFAULT-VALUE}]")
        long maxMemory;

        @Option(names = "--max-frame-bytes", paramLabel = "SIZE", order = 2, converter = Commands.Size.class, defaultValue = "16m", description = "largest request or answer [${DEFAULT-VALUE}]")
        long maxFrameBytes;

        @Option(names = "--max-connections", paramLabel = "N", order = 3, description = "concurrent authenticated "
            + "connections (ones still in their handshake do not count) [${DEFAULT-VALUE}]")
        int maxConnections = 1024;

        @Option(names = "--max-unauthenticated", paramLabel = "N", order = 4, description = "connections still in "
            + "their handshake; beyond it the oldest silent one is closed, so nodes always get in however often an "
            + "attacker reconnects [${DEFAULT-VALUE}]")
        int maxUnauthenticated = 256;

        @Option(names = "--max-unauthenticated-per-address", paramLabel = "N", order = 5, description = "the same, from one address [${DEFAULT-VALUE}]")
        int maxUnauthenticatedPerAddress = 128;

        @Option(names = "--handshake-timeout", paramLabel = "DURATION", order = 6, description = "time to finish TLS, hello and authentication [3s, with TLS 10s]")
        Duration handshakeTimeout;

        @Option(names = "--idle-timeout", paramLabel = "DURATION", order = 7, defaultValue = "10m", description = "an idle connection is closed after this [${DEFAULT-VALUE}]")
        Duration idleTimeout;

        @Option(names = "--read-timeout", paramLabel = "DURATION", order = 8, defaultValue = "30s", description = "time to receive one whole frame or send one answer (stops slow clients) "
            + "[${DEFAULT-VALUE}]")
        Duration readTimeout;
    }

    static final class Storage
    {
        @Option(names = "--data-dir", paramLabel = "DIR", order = 1, description = "append-only log + snapshots in DIR [off]")
        Path dataDir;

        @Option(names = "--fsync", paramLabel = "always|everysec|no", order = 2, converter = FsyncValue.class, description = "when the log is "
            + "forced to disk; \"always\" makes every acknowledged write survive a crash [${DEFAULT-VALUE}]")
        MutationLog.Fsync fsync = MutationLog.Fsync.EVERYSEC;

        @Option(names = "--compact-after", paramLabel = "SIZE", order = 3, converter = Commands.Size.class, defaultValue = "64m", description = "snapshot + drop old log once the log exceeds this and the live data "
            + "size [${DEFAULT-VALUE}]")
        long compactAfter;

        @Option(names = "--repair", order = 4, description = "start even though files in --data-dir are damaged: "
            + "load every intact record, keep the damaged files in DIR/damaged, write a fresh generation, report "
            + "what was lost (without it such damage refuses the start) [off]")
        boolean repair;
    }

    static final class Upgrades
    {
        @Option(names = "--max-protocol-version", paramLabel = "N", description = "speak at most this protocol "
            + "version, as an older server would (1: no delta loads) [${DEFAULT-VALUE}]")
        int maxProtocolVersion = Protocol.MAX_VERSION;
    }

    static final class Expiry
    {
        @Option(names = "--expired-grace", paramLabel = "DURATION", order = 1, defaultValue = "10m", description = "sessions expired longer than this are removed by the server itself (clients normally "
            + "claim and delete them first, running listeners) [${DEFAULT-VALUE}]")
        Duration expiredGrace;

        @Option(names = "--cleanup-interval", paramLabel = "DURATION", order = 2, defaultValue = "1m", description = "how often that removal runs [${DEFAULT-VALUE}]")
        Duration cleanupInterval;
    }

    static final class FsyncValue implements ITypeConverter<MutationLog.Fsync>
    {
        @Override
        public MutationLog.Fsync convert(String value)
        {
            try
            {
                return MutationLog.Fsync.valueOf(value.toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException e)
            {
                throw new TypeConversionException("'" + value + "' is not always, everysec or no");
            }
        }
    }

    @Override
    public Integer call()
    {
        return StateServerMain.serve(options(), spec);
    }

    /** The options checked together, as one record; a value that cannot be used is a usage error naming it. */
    ServeOptions options()
    {
        ServeOptions options = new ServeOptions(
            range("--port", network.port, 0, 65535),
            network.bind,
            network.allowRemote,
            network.keyFile,
            network.tlsKeystore,
            password(),
            atLeast("--max-memory", limits.maxMemory, 1 << 20, "1m"),
            (int)within("--max-frame-bytes", limits.maxFrameBytes, 4096, 1L << 30, "4k..1g"),
            range("--max-connections", limits.maxConnections, 1, 65535),
            range("--max-unauthenticated", limits.maxUnauthenticated, 1, 65535),
            range("--max-unauthenticated-per-address", limits.maxUnauthenticatedPerAddress, 1, 65535),
            storage.dataDir,
            storage.fsync,
            atLeast("--compact-after", storage.compactAfter, 1 << 16, "64k"),
            expiry.expiredGrace,
            positive("--cleanup-interval", expiry.cleanupInterval),
            positive("--handshake-timeout", limits.handshakeTimeout != null ? limits.handshakeTimeout
                : Duration.ofSeconds(network.tlsKeystore != null ? 10 : 3)),
            positive("--idle-timeout", limits.idleTimeout),
            positive("--read-timeout", limits.readTimeout),
            storage.repair,
            network.allowReadableKeyFile,
            range("--max-protocol-version", upgrades.maxProtocolVersion, Protocol.MIN_VERSION, Protocol.MAX_VERSION),
            network.httpPort == null ? -1 : range("--http-port", network.httpPort, 0, 65535));
        checkSecurity(options);
        return options;
    }

    /** Secure by default: reachable from other machines only when asked for, and then only with a key. */
    private void checkSecurity(ServeOptions options)
    {
        boolean loopback;
        try
        {
            loopback = InetAddress.getByName(options.bind()).isLoopbackAddress();
        }
        catch (UnknownHostException e)
        {
            throw Commands.usageError(spec, "--bind " + options.bind() + ": unknown host");
        }
        if (!loopback && !options.allowRemote())
        {
            throw Commands.usageError(spec, "refusing to listen on " + options.bind() + ": it is not a loopback "
                + "address, so other machines could reach the sessions. Use --bind 127.0.0.1, or add --allow-remote"
                + " together with --key-file if remote nodes must connect.");
        }
        if (options.allowRemote() && options.keyFile() == null)
        {
            throw Commands.usageError(spec, "--allow-remote needs --key-file: a state server reachable from"
                + " other machines must authenticate its clients. Create a key with"
                + " `state-server keygen --out FILE`, give the same file to every node, and pass --key-file FILE.");
        }
        if (options.tlsKeystore() != null && options.tlsKeystorePassword() == null)
        {
            throw Commands.usageError(spec, "--tls-keystore needs --tls-keystore-password or"
                + " --tls-keystore-password-file");
        }
    }

    private String password()
    {
        if (network.tlsKeystorePasswordFile == null)
            return network.tlsKeystorePassword;
        try
        {
            return Files.readAllLines(network.tlsKeystorePasswordFile).stream().findFirst().orElseThrow(
                () -> Commands.usageError(spec, "--tls-keystore-password-file: " + network.tlsKeystorePasswordFile
                    + " is empty"));
        }
        catch (IOException e)
        {
            throw Commands.usageError(spec, "--tls-keystore-password-file: cannot read "
                + network.tlsKeystorePasswordFile + ": " + e.getMessage());
        }
    }

    private int range(String option, int value, int min, int max)
    {
        return Commands.inRange(spec, option, value, min, max);
    }

    private long atLeast(String option, long value, long min, String minText)
    {
        if (value < min)
            throw Commands.usageError(spec, option + ": must be at least " + minText);
        return value;
    }

    private long within(String option, long value, long min, long max, String rangeText)
    {
        if (value < min || value > max)
            throw Commands.usageError(spec, option + ": must be within " + rangeText);
        return value;
    }

    private Duration positive(String option, Duration value)
    {
        if (value.isZero())
            throw Commands.usageError(spec, option + ": must be longer than 0");
        return value;
    }
}
