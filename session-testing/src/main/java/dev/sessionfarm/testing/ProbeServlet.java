package dev.sessionfarm.testing;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

import dev.sessionfarm.session.ee10.SessionState;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/** A test application: each path does one thing to the session and answers in plain text. */
public class ProbeServlet extends HttpServlet
{
    private static final long serialVersionUID = 1L;

    /** A class no session allow-list contains. */
    public record Unlisted(String value)
    {
    }

    private final String node;

    public ProbeServlet(String node)
    {
        this.node = node;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        String name = request.getParameter("name");
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("X-Node", node);
        String body;
        try
        {
            body = switch (path)
            {
                case "/inc" ->
                {
                    HttpSession session = request.getSession(true);
                    Integer value = (Integer)session.getAttribute(name);
                    int next = value == null ? 1 : value + 1;
                    session.setAttribute(name, next);
                    yield String.valueOf(next);
                }
                case "/get" ->
                {
                    HttpSession session = request.getSession(false);
                    yield session == null ? "no-session" : String.valueOf(session.getAttribute(name));
                }
                case "/put" ->
                {
                    request.getSession(true).setAttribute(name, request.getParameter("value"));
                    yield "ok";
                }
                case "/put-bytes" ->
                {
                    // Random, so that compression cannot shrink it: the size limit is on stored bytes.
                    byte[] bytes = new byte[Integer.parseInt(request.getParameter("size"))];
                    ThreadLocalRandom.current().nextBytes(bytes);
                    request.getSession(true).setAttribute(name, bytes);
                    yield "ok";
                }
                case "/put-text" ->
                {
                    String text = "answer ".repeat(Integer.parseInt(request.getParameter("size")) / 7);
                    request.getSession(true).setAttribute(name, text);
                    yield "ok";
                }
                case "/put-unlisted" ->
                {
                    request.getSession(true).setAttribute(name, new Unlisted("x"));
                    yield "stored";
                }
                case "/remove" ->
                {
                    request.getSession(true).removeAttribute(name);
                    yield "ok";
                }
                case "/id" ->
                {
                    HttpSession session = request.getSession(false);
                    yield session == null ? "no-session" : session.getId();
                }
                case "/version" ->
                {
                    HttpSession session = request.getSession(false);
                    yield session == null ? "no-session" : String.valueOf(SessionState.storedVersion(session));
                }
                case "/renew" ->
                {
                    request.getSession(true);
                    yield request.changeSessionId();
                }
                case "/invalidate" ->
                {
                    HttpSession session = request.getSession(false);
                    if (session != null)
                        session.invalidate();
                    yield "ok";
                }
                default ->
                {
                    response.setStatus(404);
                    yield "no such probe";
                }
            };
        }
        catch (IllegalArgumentException refused)
        {
            // What an application does with a value the session refuses: tell the person, keep the rest.
            response.setStatus(422);
            body = refused.getMessage();
        }
        response.getWriter().print(body);
    }
}
