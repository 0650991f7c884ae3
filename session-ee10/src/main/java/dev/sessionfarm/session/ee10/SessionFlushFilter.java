package dev.sessionfarm.session.ee10;

import java.io.IOException;

import dev.sessionfarm.session.jetty.FarmSessionCache;
import dev.sessionfarm.session.store.SessionStoreUnavailableException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.session.ManagedSession;

/**
 * Saves the session when the application is done with the request but before the response is committed, so
 * that a failed save can still become a 503 page. Left to Jetty, the save happens as the response is being sent,
 * and a failure there is only logged: the person would see "saved" for an answer that was not.
 */
public class SessionFlushFilter implements Filter
{
    private final FarmSessionHandler handler;

    public SessionFlushFilter(FarmSessionHandler handler)
    {
        this.handler = handler;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException
    {
        chain.doFilter(request, response);
        if (response.isCommitted())
            return;
        ServletContextRequest servletRequest = ServletContextRequest.getServletContextRequest(request);
        ManagedSession session = servletRequest == null ? null : servletRequest.getManagedSession();
        if (session == null || !session.isValid())
            return;
        try
        {
            handler.getSessionCache().commit(session);
        }
        catch (Exception e)
        {
            SessionStoreUnavailableException outage = SessionStoreUnavailableException.in(e);
            // This request's changes are lost either way; clearing them spares the request a second timeout when
            // Jetty saves again on the way out. What was saved before is untouched.
            session.getSessionData().clean();
            if (handler.getSessionCache() instanceof FarmSessionCache cache)
                cache.discard(session);
            boolean neverStored = session.getSessionData().getLastSaved() <= 0;
            String renamedFrom = session instanceof FarmSessionCache.FarmSession farm ? farm.renamedFrom() : null;
            response.reset();
            // A visitor who came without a session must not keep the id of one no store has: their next try would be
            // told their session expired. One who came with a session that was gone meanwhile is told so, rightly.
            boolean cameWithoutSession =
                request instanceof HttpServletRequest http && http.getRequestedSessionId() == null;
            if (neverStored && (renamedFrom != null || cameWithoutSession))
                replaceCookie(request, response, renamedFrom);
            if (outage != null)
                throw handler.reportOutage(outage);
            if (e instanceof RuntimeException runtime)
                throw runtime;
            throw new ServletException("Saving session " + session.getId() + " failed", e);
        }
    }

    /**
     * A session id that no store has (a session created or renamed by this request): it goes back to the id it had
     * before a rename, which the store still holds, or else the browser gets no session cookie at all (and a new
     * session next time).
     */
    private void replaceCookie(ServletRequest request, ServletResponse response, String previous)
    {
        if (!(request instanceof HttpServletRequest httpRequest) || !(response instanceof HttpServletResponse http))
            return;
        Cookie cookie = new Cookie(handler.getSessionCookie(), previous == null ? "" : previous);
        String path = handler.getSessionPath();
        cookie
            .setPath(path != null ? path : httpRequest.getContextPath().isEmpty() ? "/" : httpRequest.getContextPath());
        if (handler.getSessionDomain() != null)
            cookie.setDomain(handler.getSessionDomain());
        if (previous == null)
            cookie.setMaxAge(0);
        else if (handler.getSameSite() != null)
            cookie.setAttribute("SameSite", handler.getSameSite().getAttributeValue());
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        http.addCookie(cookie);
    }
}
