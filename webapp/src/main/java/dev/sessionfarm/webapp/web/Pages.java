package dev.sessionfarm.webapp.web;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import dev.sessionfarm.session.store.SessionStoreUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the Thymeleaf templates under {@code templates/} on the class path. Every page gets the footer, the
 * one-time session notice and the CSRF token (if the session has one: a servlet rendering a form calls
 * {@link Csrf#ensureToken} first). Thymeleaf escapes every {@code th:text} and attribute value, so what people
 * type is always shown as text.
 */
public final class Pages
{
    private final TemplateEngine engine;
    private final NodeInfo node;

    public Pages(NodeInfo node)
    {
        this.node = node;
        this.engine = newEngine();
    }

    public static TemplateEngine newEngine()
    {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        engine.setMessageResolver(new Texts.TemplateMessages());
        return engine;
    }

    public NodeInfo node()
    {
        return node;
    }

    public void render(HttpServletRequest request, HttpServletResponse response, String template,
                       Map<String, ?> model)
        throws IOException
    {
        render(request, response, HttpServletResponse.SC_OK, template, model);
    }

    public void render(HttpServletRequest request, HttpServletResponse response, int status, String template,
                       Map<String, ?> model)
        throws IOException
    {
        String html = page(sessionIfReadable(request), template, model);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(html);
    }

    /** Renders a page for {@code session} (null: none), with the footer, the session notice and the CSRF token. */
    String page(HttpSession session, String template, Map<String, ?> model)
    {
        Map<String, Object> variables = new HashMap<>(model);
        variables.put("footer", Footer.of(node, session));
        String gone = SessionNotice.take(session);
        String info = SessionNotice.takeInfo(session);
        variables.put("notice", gone != null ? gone : info);
        // The way back to a draft saved with "continue later", where the person learns their session is gone.
        variables.put("sessionGone", gone != null);
        variables.put("csrf", Csrf.tokenOf(session));
        variables.putIfAbsent("errors", new FieldErrors());
        variables.put("sessionSeconds", session == null ? 0 : session.getMaxInactiveInterval());
        return engine.process(template, new Context(Texts.locale(), variables));
    }

    /** An error page about a store outage must not fail on the store again: it renders without the session. */
    static HttpSession sessionIfReadable(HttpServletRequest request)
    {
        try
        {
            return request.getSession(false);
        }
        catch (SessionStoreUnavailableException e)
        {
            return null;
        }
    }
}
