package dev.sessionfarm.testing;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;

/**
 * A test application that runs the steps named in its path, one after the other, and writes what the {@code get}
 * steps read: {@code /hop/set:x=1/include:b/get:x/end:_/get:y} sets x, includes context {@code /b} with the steps
 * up to the matching {@code end:}, then goes on here. {@code forward:} hands all remaining steps over;
 * {@code sync-inc:n} increments n holding the session's monitor; {@code bind:n} stores a {@link Bound},
 * {@code remove:n} removes an attribute.
 */
public class HopServlet extends HttpServlet
{
    private static final long serialVersionUID = 1L;

    /** A value that records which instances were bound and unbound, in the order it happened. */
    public static final class Bound implements HttpSessionBindingListener
    {
        public static final List<Bound> BOUND = new CopyOnWriteArrayList<>();
        public static final List<Bound> UNBOUND = new CopyOnWriteArrayList<>();

        private String label;

        public Bound()
        {
        }

        Bound(String label)
        {
            this.label = label;
        }

        @Override
        public void valueBound(HttpSessionBindingEvent event)
        {
            BOUND.add(this);
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event)
        {
            UNBOUND.add(this);
        }

        @Override
        public String toString()
        {
            return "Bound[" + label + "]@" + Integer.toHexString(System.identityHashCode(this));
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException
    {
        response.setContentType("text/plain;charset=utf-8");
        // Within an include, the request's own path is still the outer one.
        Object included = request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
        String pathInfo = included != null ? (String)included : request.getPathInfo();
        String path = pathInfo == null ? "" : pathInfo.substring(1);
        List<String> steps = path.isEmpty() ? List.of() : Arrays.asList(path.split("/"));
        for (int i = 0; i < steps.size(); i++)
        {
            String step = steps.get(i);
            String verb = step.substring(0, step.indexOf(':'));
            String arg = step.substring(step.indexOf(':') + 1);
            switch (verb)
            {
                case "set" -> request.getSession(true).setAttribute(arg.substring(0, arg.indexOf('=')),
                    arg.substring(arg.indexOf('=') + 1));
                case "get" ->
                {
                    HttpSession session = request.getSession(false);
                    response.getWriter().print((session == null ? "no-session" : session.getAttribute(arg)) + ";");
                }
                case "sync-inc" ->
                {
                    HttpSession session = request.getSession(true);
                    synchronized (session)
                    {
                        Integer count = (Integer)session.getAttribute(arg);
                        session.setAttribute(arg, count == null ? 1 : count + 1);
                    }
                }
                case "bind" -> request.getSession(true).setAttribute(arg, new Bound(arg));
                case "remove" -> request.getSession(true).removeAttribute(arg);
                case "include" ->
                {
                    int end = matchingEnd(steps, i);
                    dispatcher(request, arg, steps.subList(i + 1, end)).include(request, response);
                    i = end;
                }
                case "forward" ->
                {
                    dispatcher(request, arg, steps.subList(i + 1, steps.size())).forward(request, response);
                    return;
                }
                case "end" ->
                    {
                    }
                default -> throw new ServletException("no such step: " + step);
            }
        }
    }

    private static RequestDispatcher dispatcher(HttpServletRequest request, String context, List<String> steps)
    {
        ServletContext target = request.getServletContext().getContext("/" + context);
        return target.getRequestDispatcher("/hop/" + String.join("/", steps));
    }

    /** The {@code end:} that closes the include at {@code from}; includes nest. */
    private static int matchingEnd(List<String> steps, int from)
    {
        int depth = 0;
        for (int i = from; i < steps.size(); i++)
        {
            if (steps.get(i).startsWith("include:"))
                depth++;
            else if (steps.get(i).startsWith("end:") && --depth == 0)
                return i;
        }
        return steps.size();
    }
}
