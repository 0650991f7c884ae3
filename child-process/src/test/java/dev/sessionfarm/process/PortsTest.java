package dev.sessionfarm.process;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PortsTest
{
    @Test
    void everyPortHandedOutIsFreeAndNoneTwice() throws Exception
    {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 300; i++)
        {
            int port = Ports.free();
            try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress()))
            {
                ports.add(bound.getLocalPort());
            }
        }
        assertEquals(300, ports.size(), "a port was handed out twice");
    }
}
