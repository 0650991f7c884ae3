package dev.sessionfarm.webapp.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sessionfarm.session.ee10.SessionState;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.util.ajax.JSON;

/**
 * The JSON answer of an autosave ({@code /order/autosave/<step>}, {@code /survey/autosave/<n>}), which the page
 * script {@code /static/form.js} reads: {@code saved}, and when not, the field messages; which node saved it and
 * the stored version the request started from, so tests can tell autosaves on different nodes apart.
 */
public final class AutosaveAnswer
{
    private static final int UNPROCESSABLE = 422;

    private AutosaveAnswer()
    {
    }

    /** Answers 200 {@code saved: true} when {@code errors} is empty (the caller stored the input), else 422. */
    public static void send(HttpServletRequest request, HttpServletResponse response, String node, String what,
                            Object which, FieldErrors errors)
        throws IOException
    {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(what, which);
        result.put("saved", errors.isEmpty());
        result.put("node", node);
        result.put("loadedVersion", SessionState.storedVersion(request.getSession()));
        if (!errors.isEmpty())
            result.put("errors", errors.all());
        response.setStatus(errors.isEmpty() ? HttpServletResponse.SC_OK : UNPROCESSABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(new JSON().toJSON(result));
    }
}
