package dev.sessionfarm.stateprotocol;

import java.util.Objects;

/** Where a state server listens, as nodes and commands name it: "host:port", "host" or "[ipv6]:port". */
public record ServerAddress(String host, int port)
{
    /** A bare host means {@link Protocol#DEFAULT_PORT}. */
    public static ServerAddress parse(String address)
    {
        Objects.requireNonNull(address, "address");
        String host = address;
        int port = Protocol.DEFAULT_PORT;
        int colon = address.lastIndexOf(':');
        boolean bracketed = address.startsWith("[");
        if (colon > 0 && (bracketed ? address.indexOf(']') < colon : address.indexOf(':') == colon))
        {
            host = address.substring(0, colon);
            try
            {
                port = Integer.parseInt(address.substring(colon + 1));
            }
            catch (NumberFormatException e)
            {
                throw new IllegalArgumentException("state server address '" + address
                    + "' has no valid port; expected host:port", e);
            }
        }
        if (bracketed)
            host = host.substring(1, host.length() - 1);
        return new ServerAddress(host, port);
    }
}
