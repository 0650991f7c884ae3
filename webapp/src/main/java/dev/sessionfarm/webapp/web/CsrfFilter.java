package dev.sessionfarm.webapp.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses, with 403, every POST whose {@code csrf} form field (in the body; never the URL) does not match the
 * session's token.
 */
public final class CsrfFilter extends HttpFilter
{
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException
    {
        if ("POST".equals(request.getMethod())
            && !Csrf.matches(Csrf.tokenOf(request.getSession(false)), Csrf.posted(request)))
        {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }
}
