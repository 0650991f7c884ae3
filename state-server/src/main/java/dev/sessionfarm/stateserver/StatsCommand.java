package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import dev.sessionfarm.model.Units;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.ServerAddress;
import dev.sessionfarm.stateprotocol.ServerStats;
import dev.sessionfarm.stateprotocol.SharedKeys;

/** {@code state-server stats}: the counters of a running server, for people. */
final class StatsCommand
{
    static final String HELP = """
        Usage: state-server stats [--address HOST:PORT] [--key-file FILE] [options]

        Prints the counters of a running state server.

          --address HOST:PORT              the server                      [127.0.0.1:42424]
          --key-file FILE                  its shared key file, if it has one
          --tls-truststore FILE            enables TLS; PKCS12 trust store with the server's certificate
          --tls-truststore-password PW     its password                    [empty]
          --timeout DURATION               how long to wait for an answer   [5s]
        """;

    private StatsCommand()
    {
    }

    static int run(String[] args, int from, PrintStream out)
    {
        if (ServeOptions.wantsHelp(args, from))
        {
            out.print(HELP);
            return 0;
        }
        CommandLine line = CommandLine.parse(args, from, Set.of("address", "key-file", "tls-truststore",
            "tls-truststore-password", "timeout"), Set.of("help"), "stats");
        Duration timeout = line.get("timeout", "5s", Units::duration);
        StatsQuery query;
        try
        {
            query = query(line, (int)Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        }
        catch (IOException | GeneralSecurityException | IllegalArgumentException e)
        {
            throw new CommandLine.UsageException(e.getMessage());
        }
        try
        {
            print(query.address(), query.ask(), out);
            return 0;
        }
        catch (StatsQuery.Failure e)
        {
            out.println("state-server stats: " + e.getMessage());
            return StateServerMain.EXIT_FAILURE;
        }
    }

    private static StatsQuery query(CommandLine line, int timeoutMs) throws IOException, GeneralSecurityException
    {
        String address = line.get("address", "127.0.0.1:" + Protocol.DEFAULT_PORT);
        ServerAddress parsed = ServerAddress.parse(address);
        SharedKeys keys = line.has("key-file") ? SharedKeys.read(Path.of(line.get("key-file", null))) : null;
        SSLSocketFactory tls = null;
        if (line.has("tls-truststore"))
        {
            KeyStore store = KeyStore.getInstance(Path.of(line.get("tls-truststore", null)).toFile(),
                line.get("tls-truststore-password", "").toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            tls = context.getSocketFactory();
        }
        return new StatsQuery(parsed.host(), parsed.port(), keys, tls, timeoutMs);
    }

    static void print(String address, ServerStats stats, PrintStream out)
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
