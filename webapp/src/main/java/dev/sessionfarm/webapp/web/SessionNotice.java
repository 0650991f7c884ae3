package dev.sessionfarm.webapp.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Says so plainly when a request comes with the cookie of a session that no longer exists, instead of silently
 * starting over. The notice goes into the fresh session and is shown (once) by the next page rendered, whichever
 * node renders it, so it survives the redirects the forms make. A POST of a lost session is answered with a
 * redirect to the same page: there is nothing left to apply it to.
 */
public final class SessionNotice extends HttpFilter
{
    private static final long serialVersionUID = 1L;
    static final String ATTRIBUTE = "notice.sessionGone";
    private static final String INFO = "notice.info";

    private final NodeInfo node;

    public SessionNotice(NodeInfo node)
    {
        this.node = node;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException
    {
        if (request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid())
        {
            request.getSession(true).setAttribute(ATTRIBUTE, message());
            if ("POST".equals(request.getMethod()))
            {
                Http.seeOther(response, request.getRequestURI());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    String message()
    {
        return Texts.get(node.isMemoryMode() ? "notice.lost" : "notice.expired");
    }

    /** Shows {@code message} once, on the next page rendered for this session (not about a lost session). */
    public static void tell(HttpSession session, String message)
    {
        session.setAttribute(INFO, message);
    }

    /** The notice that the session was gone, for this page, if any; it is shown once. */
    static String take(HttpSession session)
    {
        return take(session, ATTRIBUTE);
    }

    /** Any other notice ({@link #tell}), shown once. */
    static String takeInfo(HttpSession session)
    {
        return take(session, INFO);
    }

    private static String take(HttpSession session, String attribute)
    {
        if (session == null)
            return null;
        String notice = (String)session.getAttribute(attribute);
        if (notice != null)
            session.removeAttribute(attribute);
        return notice;
    }
}
