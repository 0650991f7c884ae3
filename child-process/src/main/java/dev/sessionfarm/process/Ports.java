package dev.sessionfarm.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Ports for the processes that tests, benchmarks and the farm start. */
public final class Ports
{
    /**
     * The kernel may hand the same free port to two probes made in a row, since each probe closes its socket at
     * once; two children told the same port would then fight over it (a test once read a binary protocol's answer
     * where it expected nginx). So a port is handed out once per JVM.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports()
    {
    }

    /** A loopback port free right now and not handed out before by this JVM: a process started soon can bind it. */
    public static int free()
    {
        while (true)
        {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
            {
                if (HANDED_OUT.add(socket.getLocalPort()))
                    return socket.getLocalPort();
            }
            catch (IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
    }
}
