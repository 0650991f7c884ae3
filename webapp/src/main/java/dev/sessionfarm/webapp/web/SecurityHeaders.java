package dev.sessionfarm.webapp.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;

/**
 * Headers that make the pages safe by default: no scripts at all (the pages need none), no framing, no sniffing,
 * and no caching of pages that show what a person typed.
 */
public final class SecurityHeaders extends HttpFilter
{
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> HEADERS = Map.of(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'",
        "X-Content-Type-Options", "nosniff",
        "X-Frame-Options", "DENY",
        "Referrer-Policy", "same-origin");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException
    {
        HEADERS.forEach(response::setHeader);
        if (!request.getRequestURI().startsWith("/static/"))
            response.setHeader("Cache-Control", "no-store");
        chain.doFilter(request, response);
    }

    /** For error pages, which Jetty writes outside the filter chain. */
    static void addTo(HttpFields.Mutable headers)
    {
        HEADERS.forEach(headers::put);
        headers.put("Cache-Control", "no-store");
    }
}
