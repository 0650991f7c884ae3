package dev.sessionfarm.webapp.resume;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.webapp.web.Csrf;
import dev.sessionfarm.webapp.web.FieldErrors;
import dev.sessionfarm.webapp.web.Http;
import dev.sessionfarm.webapp.web.Pages;
import dev.sessionfarm.webapp.web.SessionNotice;
import dev.sessionfarm.webapp.web.Texts;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * "Continue later", {@code /continue}: a form's draft is copied from the session into the demo database under a
 * new code ({@link SavedDrafts}); entering the code, on any browser, within its validity, puts the draft into the
 * session there. The forms call {@link #offer} from their own POST (after saving what the page said, so nothing
 * typed is lost); {@code POST /continue/save} does the same for pages without fields to save.
 */
public final class ContinueLater extends HttpServlet
{
    private static final long serialVersionUID = 1L;
    public static final String PATH = "/continue";
    private static final String SAVED_ATTRIBUTE = "continueLater.saved";
    private static final int UNPROCESSABLE = 422;
    private static final int TOO_MANY = 429;

    /** A form's draft: its session attributes start with the prefix; the receipt of a finished one is not draft. */
    private record Form(String prefix, String receipt, String resumePath)
    {
    }

    private static final Map<String, Form> FORMS = Map.of(
        "order", new Form("order.", "order.receipt", "/order"),
        "survey", new Form("survey.", "survey.receipt", "/survey"));

    private final transient Pages pages;
    private final transient SavedDrafts drafts;

    public ContinueLater(Pages pages, SavedDrafts drafts)
    {
        this.pages = pages;
        this.drafts = drafts;
    }

    /** The classes this feature stores in sessions. */
    public static Class<?>[] storedTypes()
    {
        return new Class<?>[] {SavedCode.class};
    }

    /** Saves the draft of {@code form} ("order" or "survey") under a new code and shows the code (303). */
    public void offer(HttpServletRequest request, HttpServletResponse response, String form) throws IOException
    {
        HttpSession session = request.getSession();
        Form draft = FORMS.get(form);
        Map<String, Object> attributes = new HashMap<>();
        for (String name : Collections.list(session.getAttributeNames()))
        {
            if (name.startsWith(draft.prefix()) && !name.equals(draft.receipt()))
                attributes.put(name, session.getAttribute(name));
        }
        SavedDrafts.Saved saved = drafts.save(form, attributes, pages.node().name());
        session.setAttribute(SAVED_ATTRIBUTE, new SavedCode(saved.code(), form, saved.expiresAt()));
        Http.seeOther(response, PATH + "/saved");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        Csrf.ensureToken(request);
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.equals("/saved"))
        {
            SavedCode saved = (SavedCode)request.getSession().getAttribute(SAVED_ATTRIBUTE);
            if (saved == null)
            {
                Http.seeOther(response, PATH);
                return;
            }
            Map<String, Object> model = new HashMap<>();
            model.put("saved", saved);
            model.put("link", origin(request) + PATH + "?code=" + saved.code());
            model.put("expires", DateTimeFormatter.ofPattern(Texts.get("continue.expires"), Texts.locale())
                .withZone(ZoneOffset.UTC).format(saved.expiresAt()));
            model.put("validFor", describe(drafts.settings().validFor()));
            model.put("bits", ResumeCode.BITS);
            model.put("attempts", drafts.settings().attempts());
            pages.render(request, response, "continue/saved", model);
            return;
        }
        if (!path.isEmpty() && !path.equals("/"))
        {
            Http.seeOther(response, PATH);
            return;
        }
        String code = request.getParameter("code");
        enterCode(request, response, HttpServletResponse.SC_OK, code == null || code.length() > 40 ? "" : code,
            new FieldErrors());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.equals("/save"))
        {
            String form = request.getParameter("form");
            if (form == null || !FORMS.containsKey(form))
                response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            else
                offer(request, response, form);
            return;
        }
        String typed = request.getParameter("code");
        typed = typed == null ? "" : typed.strip();
        SavedDrafts.Redeemed redeemed = drafts.redeem(ClientAddress.of(request), typed);
        FieldErrors errors = new FieldErrors();
        if (redeemed instanceof SavedDrafts.Restored restored)
        {
            restore(request, restored);
            Http.seeOther(response, FORMS.get(restored.form()).resumePath());
        }
        else if (redeemed instanceof SavedDrafts.Limited limited)
        {
            long seconds = Math.max(1, Duration.between(Instant.now(), limited.retryAt()).toSeconds());
            response.setHeader("Retry-After", String.valueOf(seconds));
            errors.add("code", Texts.get("continue.code.limited", Math.max(1, (seconds + 59) / 60)));
            enterCode(request, response, TOO_MANY, typed.length() > 40 ? "" : typed, errors);
        }
        else
        {
            errors.add("code", Texts.get(typed.isEmpty() ? "continue.code.required" : "continue.code.invalid"));
            enterCode(request, response, UNPROCESSABLE, typed.length() > 40 ? "" : typed, errors);
        }
    }

    /**
     * Replaces this session's draft of the form with the saved one, then renames the session: whoever planted a
     * session id in this browser does not get to see the restored answers (session fixation).
     */
    private static void restore(HttpServletRequest request, SavedDrafts.Restored restored)
    {
        HttpSession session = request.getSession();
        Form form = FORMS.get(restored.form());
        List<String> names = Collections.list(session.getAttributeNames());
        for (String name : names)
        {
            if (name.startsWith(form.prefix()) && !restored.attributes().containsKey(name))
                session.removeAttribute(name);
        }
        restored.attributes().forEach(session::setAttribute);
        request.changeSessionId();
        SessionNotice.tell(session, Texts.get("continue.restored"));
    }

    private void enterCode(HttpServletRequest request, HttpServletResponse response, int status, String code,
                           FieldErrors errors)
        throws IOException
    {
        pages.render(request, response, status, "continue/enter", Map.of("code", code, "errors", errors));
    }

    /** Where the person reached us, as their browser addressed it; it only becomes a link shown to them. */
    private static String origin(HttpServletRequest request)
    {
        return ClientAddress.scheme(request) + "://" + ClientAddress.host(request);
    }

    static String describe(Duration duration)
    {
        if (duration.toHours() >= 24 && duration.toHours() % 24 == 0)
            return Texts.get("continue.days", duration.toDays());
        if (duration.toMinutes() >= 60 && duration.toMinutes() % 60 == 0)
            return Texts.get("continue.hours", duration.toHours());
        return Texts.get("continue.minutes", duration.toMinutes());
    }
}
