package dev.sessionfarm.webapp.web;

import java.io.IOException;
import java.util.Map;

import dev.sessionfarm.session.store.SessionStoreUnavailableException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The error pages: a plain explanation and a way on, never a stack trace or an exception's text (those go to the
 * log, where Jetty already put them).
 */
public final class ErrorServlet extends HttpServlet
{
    private static final long serialVersionUID = 1L;

    record Explanation(String title, String message)
    {
    }

    private static final Explanation STORE_DOWN = new Explanation("Please try again in a moment",
        "The session store is unavailable just now. Answers you already saved are safe; nothing you sent was "
            + "half-saved. Please retry in a moment.");

    private static final Map<Integer, Explanation> BY_STATUS = Map.of(
        400, new Explanation("That request was not understood",
            "The request was malformed. Go back and try again."),
        403, new Explanation("This form could not be accepted",
            "Its security token is missing or out of date. This happens when a form was opened in another session "
                + "or came from another site. Go back, reload the page and send it again; answers you already saved "
                + "are kept."),
        404, new Explanation("Page not found", "There is no page at this address."),
        405, new Explanation("Not allowed", "This page cannot be used that way."),
        413, new Explanation("That form is too large",
            "What you sent is larger than this site accepts, so none of it was saved. Go back, shorten the longest "
                + "answers and send it again."),
        503, new Explanation("Please try again in a moment",
            "A service this page needs is unavailable just now. Answers you already saved are safe; please retry "
                + "in a moment."));

    private static final Explanation UNEXPECTED = new Explanation("Something went wrong",
        "This page failed on our side. Answers you already saved are safe; please try again.");

    private final Pages pages;

    public ErrorServlet(Pages pages)
    {
        this.pages = pages;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : response.getStatus();
        Explanation explanation = explain(status, (Throwable)request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        pages.render(request, response, status, "error",
            Map.of("status", status, "title", explanation.title(), "message", explanation.message()));
    }

    static Explanation explain(int status, Throwable failure)
    {
        if (SessionStoreUnavailableException.in(failure) != null)
            return STORE_DOWN;
        return BY_STATUS.getOrDefault(status, UNEXPECTED);
    }
}
