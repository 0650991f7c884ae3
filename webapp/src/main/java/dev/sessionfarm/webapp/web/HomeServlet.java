package dev.sessionfarm.webapp.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The start page: what this demo is and where to begin. */
public final class HomeServlet extends HttpServlet
{
    private static final long serialVersionUID = 1L;

    private final Pages pages;

    public HomeServlet(Pages pages)
    {
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        pages.render(request, response, "home", Map.of("memoryMode", pages.node().isMemoryMode()));
    }
}
