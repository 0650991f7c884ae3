package dev.sessionfarm.webapp.web;

import java.io.IOException;
import java.io.OutputStream;

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

    /** An oversized body up to this size is read and dropped, so the answer reaches the browser. */
    public static final int DRAINED_BYTES = 1024 * 1024;

    private final int maxBytes;

    public FormSizeLimit(int maxBytes)
    {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException
    {
        long length = request.getContentLengthLong();
        if (length > maxBytes)
        {
            // Closing on an unread body makes the kernel reset the connection, and the reset can overtake the
            // answer: the browser then shows a network error. A body of modest size is read and dropped instead.
            if (length <= DRAINED_BYTES)
                request.getInputStream().transferTo(OutputStream.nullOutputStream());
            else
                response.setHeader("Connection", "close");
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        chain.doFilter(request, response);
    }
}
