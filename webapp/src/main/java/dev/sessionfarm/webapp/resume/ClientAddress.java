package dev.sessionfarm.webapp.resume;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address of the person's browser, for the redemption limit, and the host they reached. A node sees its
 * balancer's address; a balancer on the same machine says whom it forwards: the farm's own (Jetty's proxy) in
 * {@code Forwarded} (RFC 7239), nginx as docs/deployment.md sets it up in {@code X-Forwarded-For}. Only from a
 * loopback address are these believed: from anywhere else they could be forged.
 */
final class ClientAddress
{
    private ClientAddress()
    {
    }

    static String of(HttpServletRequest request)
    {
        String remote = request.getRemoteAddr();
        if (!isLoopback(remote))
            return remote;
        String forwarded = lastParameter(request.getHeader("Forwarded"), "for");
        if (forwarded == null)
            forwarded = lastEntry(request.getHeader("X-Forwarded-For"));
        return forwarded == null || forwarded.length() > 64 ? remote : forwarded;
    }

    /** The host the browser addressed, as the balancer passed it on; the request's own Host without one. */
    static String host(HttpServletRequest request)
    {
        String host = lastParameter(request.getHeader("Forwarded"), "host");
        if (host == null)
            host = lastEntry(request.getHeader("X-Forwarded-Host"));
        if (host == null)
            host = request.getHeader("Host");
        return host == null ? request.getServerName() + ":" + request.getServerPort() : host;
    }

    static String scheme(HttpServletRequest request)
    {
        String proto = lastParameter(request.getHeader("Forwarded"), "proto");
        if (proto == null)
            proto = lastEntry(request.getHeader("X-Forwarded-Proto"));
        return "https".equalsIgnoreCase(proto) ? "https" : request.getScheme();
    }

    /** The last element is the one our own balancer added; earlier ones came from the client and prove nothing. */
    private static String lastEntry(String header)
    {
        if (header == null || header.isBlank())
            return null;
        String last = header.substring(header.lastIndexOf(',') + 1).strip();
        return last.isEmpty() ? null : last;
    }

    private static String lastParameter(String header, String name)
    {
        String element = lastEntry(header);
        if (element == null)
            return null;
        for (String pair : element.split(";"))
        {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals(name))
            {
                String value = pair.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
                    value = value.substring(1, value.length() - 1);
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static boolean isLoopback(String address)
    {
        try
        {
            return InetAddress.getByName(address).isLoopbackAddress();
        }
        catch (UnknownHostException e)
        {
            return false;
        }
    }
}
