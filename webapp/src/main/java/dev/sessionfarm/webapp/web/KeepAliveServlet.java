package dev.sessionfarm.webapp.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * {@code POST /session/keepalive}, the "keep working" button of the timeout warning (/static/form.js): a cheap
 * touch that renews the session's expiry and rewrites no attribute (the store writes only its access time). It
 * answers how long the session now lasts, or 410 (JSON, by JsonErrors) when it has already ended.
 */
public final class KeepAliveServlet extends HttpServlet
{
    private static final long serialVersionUID = 1L;
    public static final String PATH = "/session/keepalive";

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        HttpSession session = request.getSession(false);
        if (session == null)
        {
            response.sendError(HttpServletResponse.SC_GONE);
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"extended\":true,\"expiresInSeconds\":" + session.getMaxInactiveInterval() + "}");
    }
}
