package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import dev.sessionfarm.model.Units;
import dev.sessionfarm.model.cli.Commands;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.ServerAddress;
import dev.sessionfarm.stateprotocol.ServerStats;
import dev.sessionfarm.stateprotocol.SharedKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code state-server stats}: the counters of a running server, for people. */
@Command(name = "stats", sortOptions = false, header = "Print the counters of a running server.", description = "Prints the counters of a running state server.")
final class StatsCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--address", paramLabel = "HOST:PORT", description = "the server [${DEFAULT-VALUE}]")
    String address = "127.0.0.1:" + Protocol.DEFAULT_PORT;

    @Option(names = "--key-file", paramLabel = "FILE", description = "its shared key file, if it has one")
    Path keyFile;

    @Option(names = "--tls-truststore", paramLabel = "FILE", description = "enables TLS; PKCS12 trust store with the server's certificate")
    Path trustStore;

    @Option(names = "--tls-truststore-password", paramLabel = "PW", description = "its password [empty]")
    String trustStorePassword = "";

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", description = "how long to wait for an answer [${DEFAULT-VALUE}]")
    Duration timeout;

    @Override
    public Integer call()
    {
        StatsQuery query;
        try
        {
            query = query((int)Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        }
        catch (IOException | GeneralSecurityException | IllegalArgumentException e)
        {
            throw Commands.usageError(spec, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try
        {
            print(query.address(), query.ask(), out);
            return Commands.OK;
        }
        catch (StatsQuery.Failure e)
        {
            out.println("state-server stats: " + e.getMessage());
            return Commands.FAILURE;
        }
    }

    private StatsQuery query(int timeoutMs) throws IOException, GeneralSecurityException
    {
        ServerAddress parsed = ServerAddress.parse(address);
        SharedKeys keys = keyFile != null ? SharedKeys.read(keyFile) : null;
        SSLSocketFactory tls = null;
        if (trustStore != null)
        {
            KeyStore store = KeyStore.getInstance(trustStore.toFile(), trustStorePassword.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            tls = context.getSocketFactory();
        }
        return new StatsQuery(parsed.host(), parsed.port(), keys, tls, timeoutMs);
    }

    static void print(String address, ServerStats stats, PrintWriter out)
    {
        out.printf("state server %s%n", address);
        out.printf("  sessions active     %,d%n", stats.activeSessions());
        out.printf("  memory              %s of %s (%.1f%%)%n", Units.formatBytes(stats.bytesHeld()),
            Units.formatBytes(stats.memoryBound()), 100.0 * stats.bytesHeld() / Math.max(1, stats.memoryBound()));
        out.printf("  operations/s        %,d (total %,d)%n", stats.opsPerSecond(), stats.get("ops.total"));
        out.printf("  connections         %,d current, %,d total, %,d refused%n", stats.currentConnections(),
            stats.totalConnections(), stats.get("connections.refused"));
        out.printf("  auth failures       %,d%n", stats.authFailures());
        out.printf("  refusals            %,d%n", stats.refusals());
        out.printf("  protocol errors     %,d%n", stats.get("errors.protocol"));
        out.printf("  expired removed     %,d%n", stats.get("expired.removed"));
        out.printf("  uptime              %s%n", Duration.ofMillis(stats.get("uptime.ms")).withNanos(0));
        out.printf("  persistence         %s%n", stats.persistence());
        out.println("  operations by type:");
        stats.counters().forEach((name, value) ->
        {
            if (name.startsWith("ops.") && !name.equals("ops.total") && !name.equals("ops.per_second"))
            {
                out.printf("    %-18s%,d%n", name.substring(4), value);
            }
        });
    }
}
