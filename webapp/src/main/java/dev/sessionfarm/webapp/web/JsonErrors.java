package dev.sessionfarm.webapp.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * For endpoints that page scripts call: a failure is answered with {@code {"saved":false,"error":"<why>"}}, never
 * with a redirect or an HTML page, which a script can neither follow nor read. The cookie of a session that no
 * longer exists gets 410 without a new session being made, so the page the person reloads still shows the notice
 * (see SessionNotice); the errors later filters and the servlet send (the CSRF check's 403, 413, 404) become JSON.
 */
public final class JsonErrors extends HttpFilter
{
    private static final long serialVersionUID = 1L;
    private static final Map<Integer, String> WHY = Map.of(
        HttpServletResponse.SC_FORBIDDEN, "csrf-token",
        HttpServletResponse.SC_NOT_FOUND, "not-found",
        HttpServletResponse.SC_GONE, "session-expired",
        HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "too-large");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException
    {
        if (request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid())
        {
            send(response, HttpServletResponse.SC_GONE);
            return;
        }
        chain.doFilter(request, new HttpServletResponseWrapper(response)
        {
            @Override
            public void sendError(int status) throws IOException
            {
                send(response, status);
            }

            @Override
            public void sendError(int status, String message) throws IOException
            {
                send(response, status);
            }
        });
    }

    private static void send(HttpServletResponse response, int status) throws IOException
    {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"saved\":false,\"error\":\"" + WHY.getOrDefault(status, "failed") + "\"}");
    }
}
