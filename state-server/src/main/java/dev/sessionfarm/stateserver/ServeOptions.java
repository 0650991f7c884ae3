package dev.sessionfarm.stateserver;

import java.nio.file.Path;
import java.time.Duration;

import dev.sessionfarm.model.Units;

/** The settings of {@code state-server serve}, parsed and checked by {@link ServeCommand}, which documents each. */
record ServeOptions(int port, String bind, boolean allowRemote, Path keyFile, Path tlsKeystore,
    String tlsKeystorePassword, long maxMemory, int maxFrameBytes, int maxConnections,
    int maxUnauthenticated, int maxUnauthenticatedPerAddress,
    Path dataDir, MutationLog.Fsync fsync, long compactAfter, Duration expiredGrace,
    Duration cleanupInterval, Duration handshakeTimeout, Duration idleTimeout,
    Duration readTimeout, boolean repair, boolean allowReadableKeyFile, int maxProtocolVersion,
    int httpPort)
{
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
