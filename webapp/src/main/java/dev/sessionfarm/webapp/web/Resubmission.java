package dev.sessionfarm.webapp.web;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * A final submit sent again after its answer was lost: the session it came from was renamed by the first attempt
 * (or is gone), so there is no draft and no CSRF token left to check. If the form's submission token finds what the
 * first attempt stored, the person sees that confirmation, in a new session (the old id is never revived). The
 * token is the proof here: 128 random bits that only the page showing this draft carried, and all it can do is show
 * an existing confirmation; it never stores or changes anything. Anything else goes on to the session notice and
 * the CSRF check, as before.
 *
 * @param <R> the receipt the confirmation page shows
 */
public final class Resubmission<R> extends HttpFilter
{
    private static final long serialVersionUID = 1L;

    private final transient Function<UUID, Optional<R>> find;
    private final transient BiConsumer<HttpSession, R> show;
    private final String confirmationPath;

    /**
     * @param find             the receipt of what was stored for a submission token, if anything was
     * @param show             puts a receipt where the confirmation page reads it
     * @param confirmationPath the confirmation page
     */
    public Resubmission(Function<UUID, Optional<R>> find, BiConsumer<HttpSession, R> show, String confirmationPath)
    {
        this.find = find;
        this.show = show;
        this.confirmationPath = confirmationPath;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException
    {
        if ("POST".equals(request.getMethod()) && request.getSession(false) == null)
        {
            Optional<R> stored = Drafts.sent(request.getParameter(Drafts.FIELD)).flatMap(find);
            if (stored.isPresent())
            {
                show.accept(request.getSession(true), stored.get());
                Http.seeOther(response, confirmationPath);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
