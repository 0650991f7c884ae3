package dev.sessionfarm.webapp.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

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

    /** Compares in constant time, so the token cannot be guessed byte by byte from response times. */
    static boolean matches(String expected, String given)
    {
        return expected != null && given != null
            && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
