package dev.sessionfarm.webapp.web;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads a submitted form. Every text is cut of surrounding white space and checked against its length limit as it
 * is read, so nothing too long is ever put into a session; the text is still returned, so that the page can show
 * the person what they typed next to the message.
 */
public final class FormInput
{
    /**
     * What the buttons of a multi-step form send in {@code nav}; STAY (none of them) shows the page again. LATER
     * ("Continue later") stores the page as BACK does, then saves the draft under a code.
     */
    public enum Nav
    {
        BACK, NEXT, STAY, LATER
    }

    private final HttpServletRequest request;
    private final FieldErrors errors;

    public FormInput(HttpServletRequest request, FieldErrors errors)
    {
        this.request = request;
        this.errors = errors;
    }

    public FieldErrors errors()
    {
        return errors;
    }

    public String text(String field, int maxLength)
    {
        String value = request.getParameter(field);
        String text = value == null ? "" : value.strip();
        if (text.length() > maxLength)
            errors.add(field, Texts.get("input.tooLong", maxLength, text.length()));
        return text;
    }

    /** The values of a multiple-choice field (checkboxes), each checked against its length limit. */
    public List<String> values(String field, int maxLength)
    {
        String[] values = request.getParameterValues(field);
        if (values == null)
            return List.of();
        for (String value : values)
        {
            if (value.length() > maxLength)
                errors.add(field, Texts.get("input.answerTooLong", maxLength));
        }
        return List.of(values);
    }

    public Nav nav()
    {
        String nav = request.getParameter("nav");
        if ("back".equals(nav))
            return Nav.BACK;
        if ("next".equals(nav))
            return Nav.NEXT;
        if ("later".equals(nav))
            return Nav.LATER;
        return Nav.STAY;
    }

    public static void require(FieldErrors errors, String field, String value, String message)
    {
        if (value == null || value.isEmpty())
            errors.add(field, message);
    }

    public static void match(FieldErrors errors, String field, String value, Pattern pattern, String message)
    {
        if (value != null && !value.isEmpty() && !pattern.matcher(value).matches())
            errors.add(field, message);
    }
}
