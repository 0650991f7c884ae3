package dev.sessionfarm.stateserver;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Connections that have not authenticated yet, apart from {@code --max-connections}: at most
 * {@code --max-unauthenticated} of them, at most {@code --max-unauthenticated-per-address} from one address.
 * A newcomer is never turned away; when it would exceed a bound, the oldest connection that has not even sent its
 * hello is closed instead (from the newcomer's address if that address is over its share, else from the address
 * holding the most), and only if there is none, the oldest one. A real node sends its hello at once and finishes
 * the handshake in milliseconds, so silent sockets an attacker keeps reconnecting are what gets closed.
 */
final class HandshakeQuota
{
    private final int max;
    private final int maxPerAddress;
    /** Oldest first. */
    private final LinkedHashSet<ServerConnection> pending = new LinkedHashSet<>();
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();

    HandshakeQuota(int max, int maxPerAddress)
    {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /** Adds a new connection; returns the one to close to make room for it, or null. */
    synchronized ServerConnection admit(ServerConnection connection)
    {
        pending.add(connection);
        int fromAddress = perAddress.merge(connection.address(), 1, Integer::sum);
        InetAddress over;
        if (fromAddress > maxPerAddress)
        {
            over = connection.address();
        }
        else if (pending.size() > max)
        {
            over = busiestAddress();
        }
        else
        {
            return null;
        }
        ServerConnection victim = oldestFrom(over);
        remove(victim);
        return victim;
    }

    /** The connection authenticated, or closed: it no longer counts. Returns whether it was counted. */
    synchronized boolean leave(ServerConnection connection)
    {
        return remove(connection);
    }

    synchronized int size()
    {
        return pending.size();
    }

    private boolean remove(ServerConnection connection)
    {
        if (!pending.remove(connection))
        {
            return false;
        }
        perAddress.computeIfPresent(connection.address(), (address, count) -> count == 1 ? null : count - 1);
        return true;
    }

    private InetAddress busiestAddress()
    {
        return perAddress.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private ServerConnection oldestFrom(InetAddress address)
    {
        ServerConnection oldest = null;
        for (Iterator<ServerConnection> it = pending.iterator(); it.hasNext();)
        {
            ServerConnection candidate = it.next();
            if (!candidate.address().equals(address))
            {
                continue;
            }
            if (!candidate.hasSpoken())
            {
                return candidate;
            }
            if (oldest == null)
            {
                oldest = candidate;
            }
        }
        return oldest;
    }
}
