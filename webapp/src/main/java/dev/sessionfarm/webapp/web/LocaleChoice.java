package dev.sessionfarm.webapp.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Chooses the language of a request: the person's own choice (the switch on every page sends {@code ?lang=de}
 * or {@code ?lang=en} and it is kept in the session, never in a cookie of its own), otherwise the first English
 * or German language of {@code Accept-Language}, otherwise English.
 */
public final class LocaleChoice extends HttpFilter
{
    private static final long serialVersionUID = 1L;
    public static final String PARAMETER = "lang";
    static final String ATTRIBUTE = "locale.choice";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException
    {
        Locale locale = choose(request);
        Texts.use(locale);
        response.setHeader("Content-Language", locale.getLanguage());
        try
        {
            chain.doFilter(request, response);
        }
        finally
        {
            Texts.use(null);
        }
    }

    static Locale choose(HttpServletRequest request)
    {
        // Only a GET's query: reading a POST's parameters here would read its body before its size is checked.
        Optional<Locale> asked = "GET".equals(request.getMethod()) ? supported(request.getParameter(PARAMETER))
            : Optional.empty();
        if (asked.isPresent())
        {
            request.getSession(true).setAttribute(ATTRIBUTE, asked.get().getLanguage());
            return asked.get();
        }
        HttpSession session = Pages.sessionIfReadable(request);
        Optional<Locale> kept = session == null ? Optional.empty()
            : supported((String)session.getAttribute(ATTRIBUTE));
        if (kept.isPresent())
            return kept.get();
        if (request.getHeader("Accept-Language") != null)
        {
            for (Locale accepted : Collections.list(request.getLocales()))
            {
                Optional<Locale> match = supported(accepted.getLanguage());
                if (match.isPresent())
                    return match.get();
            }
        }
        return Locale.ENGLISH;
    }

    private static Optional<Locale> supported(String language)
    {
        return Texts.SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst();
    }
}
