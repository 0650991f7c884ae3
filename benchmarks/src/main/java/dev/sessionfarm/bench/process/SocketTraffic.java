package dev.sessionfarm.bench.process;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.process.ChildProcess;

/**
 * Bytes that crossed a server's loopback port, both ways, read from the kernel's per-connection counters
 * ({@code ss -ti}): what a store's sessions cost on the wire, whatever the client library does with them.
 * Connections that close between two readings are not counted; the harness's pools keep theirs open.
 */
public final class SocketTraffic
{
    private static final Pattern SENT = Pattern.compile("bytes_sent:(\\d+)");
    private static final Pattern RECEIVED = Pattern.compile("bytes_received:(\\d+)");

    private SocketTraffic()
    {
    }

    /** Bytes sent plus received so far by the established connections accepted on {@code port}. */
    public static long bytes(int port)
    {
        try
        {
            ChildProcess ss =
                ChildProcess.command("ss", "-tinH", "state", "established", "( sport = :" + port + " )").start();
            if (ss.awaitExit(Duration.ofSeconds(30)) != 0)
                return 0;
            String out = String.join("\n", ss.lines());
            return sum(SENT.matcher(out)) + sum(RECEIVED.matcher(out));
        }
        catch (RuntimeException noSs)
        {
            return 0;
        }
    }

    private static long sum(Matcher matcher)
    {
        long total = 0;
        while (matcher.find())
            total += Long.parseLong(matcher.group(1));
        return total;
    }
}
