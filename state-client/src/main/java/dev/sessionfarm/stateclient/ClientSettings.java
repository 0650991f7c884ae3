package dev.sessionfarm.stateclient;

import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;

import dev.sessionfarm.stateprotocol.SharedKeys;

/** The client's immutable settings; built and validated by {@link StateServerClient.Builder}. */
record ClientSettings(String host, int port, SharedKeys keys, SSLSocketFactory tls, int connectTimeoutMs,
    long networkTimeoutNanos, int poolSize, int maxFrameBytes,
    int maxProtocolVersion)
{
    String address()
    {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    long networkTimeoutMs()
    {
        return TimeUnit.NANOSECONDS.toMillis(networkTimeoutNanos);
    }

    StateServerUnavailableException unreachable(String reason, Throwable cause)
    {
        return new StateServerUnavailableException("state server at " + address() + " is not reachable (" + reason
            + "); start it with `state-server --port " + port + "` or check session.stateServer", cause);
    }
}
