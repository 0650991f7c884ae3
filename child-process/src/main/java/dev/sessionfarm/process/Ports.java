package dev.sessionfarm.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for the processes the harness starts. */
public final class Ports
{
    private Ports()
    {
    }

    /** A loopback port free right now: a process started soon after can bind it. */
    public static int free()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
