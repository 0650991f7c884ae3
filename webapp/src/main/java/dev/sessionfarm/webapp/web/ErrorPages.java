package dev.sessionfarm.webapp.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.sessionfarm.session.store.SessionStoreUnavailableException;
import jakarta.servlet.http.HttpSession;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every error page: a plain explanation and a way on, never a stack trace or an exception's text (those go to the
 * log). Jetty calls this for errors from servlets ({@code sendError}, exceptions) and for failures before any servlet
 * ran, such as a session store outage met while looking up the requested session, so one template covers both.
 */
public final class ErrorPages extends ErrorHandler
{
    record Explanation(String title, String message)
    {
    }

    /** {@code %s}: what the store promises about saved answers, in one sentence, or nothing. */
    private static final String STORE_DOWN = "The session store is unavailable just now. %s Nothing you sent was "
        + "half-saved. Please retry in a moment.";

    private static final Map<Integer, Explanation> BY_STATUS = Map.of(
        400, new Explanation("That request was not understood",
            "The request was malformed. Go back and try again."),
        403, new Explanation("This form could not be accepted",
            "Its security token is missing or out of date. This happens when a form was opened in another session "
                + "or came from another site. Go back, reload the page and send it again."),
        404, new Explanation("Page not found", "There is no page at this address."),
        405, new Explanation("Not allowed", "This page cannot be used that way."),
        413, new Explanation("That form is too large",
            "What you sent is larger than this site accepts, so none of it was saved. Go back, shorten the longest "
                + "answers and send it again."),
        503, new Explanation("Please try again in a moment",
            "A service this page needs is unavailable just now. %s Please retry in a moment."));

    private static final Explanation UNEXPECTED = new Explanation("Something went wrong",
        "This page failed on our side. %s Please try again.");

    private final Pages pages;
    private final Supplier<String> promise;

    /** @param promise what this node's sessions promise about saved answers, one sentence (may be empty) */
    public ErrorPages(Pages pages, Supplier<String> promise)
    {
        this.pages = pages;
        this.promise = promise;
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code, String message,
                                                 Throwable cause)
        throws IOException
    {
        Explanation explanation = explain(code, cause, promise.get());
        String html = pages.page(session(request), "error",
            Map.of("status", code, "title", explanation.title(), "message", explanation.message()));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
        SecurityHeaders.addTo(response.getHeaders());
        response.write(true, ByteBuffer.wrap(html.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** The session for the footer, if there is one and it can be read (not when the store is what failed). */
    private static HttpSession session(Request request)
    {
        ServletContextRequest servletRequest = Request.asInContext(request, ServletContextRequest.class);
        if (servletRequest == null)
            return null;
        return Pages.sessionIfReadable(servletRequest.getServletApiRequest());
    }

    static Explanation explain(int status, Throwable failure, String promise)
    {
        Explanation explanation = SessionStoreUnavailableException.in(failure) != null
            ? new Explanation("Please try again in a moment", STORE_DOWN)
            : BY_STATUS.getOrDefault(status, UNEXPECTED);
        return new Explanation(explanation.title(),
            explanation.message().replace("%s", promise).replaceAll(" {2,}", " "));
    }
}
