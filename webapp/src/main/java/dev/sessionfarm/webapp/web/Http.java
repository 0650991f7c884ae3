package dev.sessionfarm.webapp.web;

import jakarta.servlet.http.HttpServletResponse;

/** Small HTTP answers shared by the servlets. */
public final class Http
{
    private Http()
    {
    }

    /** 303: after a POST, the browser GETs the next page (so a reload never sends the form again). */
    public static void seeOther(HttpServletResponse response, String path)
    {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", path);
    }
}
