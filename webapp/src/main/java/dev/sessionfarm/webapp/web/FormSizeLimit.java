package dev.sessionfarm.webapp.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses a form body larger than the context accepts with 413 and the "too large" page, before anything reads it.
 * Jetty enforces the same limit while parsing, but answers 400, which would tell the person nothing useful.
 */
public final class FormSizeLimit extends HttpFilter
{
    private static final long serialVersionUID = 1L;

    private final int maxBytes;

    public FormSizeLimit(int maxBytes)
    {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException
    {
        if (request.getContentLengthLong() > maxBytes)
        {
            response.setHeader("Connection", "close");
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        chain.doFilter(request, response);
    }
}
