package dev.sessionfarm.webapp.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * The per-session CSRF token (synchronizer token pattern). It lives in the session like everything else, so any
 * node can check a form that another node rendered, and it survives node restarts with the session.
 */
public final class Csrf
{
    public static final String FIELD = "csrf";
    static final String ATTRIBUTE = "csrf.token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf()
    {
    }

    /** The session's token, creating the session and the token if needed: call it before rendering a form. */
    public static String ensureToken(HttpServletRequest request)
    {
        HttpSession session = request.getSession(true);
        String token = (String)session.getAttribute(ATTRIBUTE);
        if (token == null)
        {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(ATTRIBUTE, token);
        }
        return token;
    }

    static String tokenOf(HttpSession session)
    {
        return session == null ? null : (String)session.getAttribute(ATTRIBUTE);
    }

    /**
     * The token sent in the form body, or null if the body has none or more than one. The servlet API merges the
     * query string's values into the body's, so those are taken out again, decoded as Jetty decoded them: a token
     * in a URL ends up in logs and Referer headers, and a form never sends it there.
     */
    public static String posted(HttpServletRequest request)
    {
        String[] all = request.getParameterValues(FIELD);
        if (all == null)
            return null;
        List<String> body = new ArrayList<>(Arrays.asList(all));
        String query = request.getQueryString();
        if (query != null)
        {
            UrlEncoded.decodeTo(query, (name, value) ->
            {
                if (FIELD.equals(name))
                    body.remove(value);
            }, StandardCharsets.UTF_8);
        }
        return body.size() == 1 ? body.get(0) : null;
    }

    /** Compares in constant time, so the token cannot be guessed byte by byte from response times. */
    static boolean matches(String expected, String given)
    {
        return expected != null && given != null
            && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
