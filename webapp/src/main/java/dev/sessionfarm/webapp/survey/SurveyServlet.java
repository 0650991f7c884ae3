package dev.sessionfarm.webapp.survey;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.sessionfarm.webapp.resume.ContinueLater;
import dev.sessionfarm.webapp.web.AutosaveAnswer;
import dev.sessionfarm.webapp.web.Csrf;
import dev.sessionfarm.webapp.web.Drafts;
import dev.sessionfarm.webapp.web.FieldErrors;
import dev.sessionfarm.webapp.web.FinalSubmitPause;
import dev.sessionfarm.webapp.web.FormInput;
import dev.sessionfarm.webapp.web.Http;
import dev.sessionfarm.webapp.web.Pages;
import dev.sessionfarm.webapp.web.Resubmission;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The survey: {@code /survey} (start or resume), {@code /survey/page/<n>} (back and next), {@code /survey/done}.
 * Answers stay in the session, one attribute per page, until the last page's "Send answers" stores them all.
 * "Back" keeps what was answered on the page without requiring it to be complete; "Next" requires it.
 * {@code POST /survey/autosave/<n>} stores a page's answers as "Back" does and answers with JSON, for a page script
 * that saves as the person types.
 */
public final class SurveyServlet extends HttpServlet
{
    private static final long serialVersionUID = 1L;
    private static final int UNPROCESSABLE = 422;
    private static final String PAGE_PREFIX = "/page/";
    private static final String AUTOSAVE_PREFIX = "/autosave/";
    private static final String DONE = "/survey/done";
    /** The paths page scripts call, which answer JSON (see JsonErrors). */
    public static final String AUTOSAVE_PATHS = "/survey" + AUTOSAVE_PREFIX + "*";
    /** Where "Send answers" posts: the one request a lost answer must not turn into "session expired". */
    public static final String FINAL_PATH = "/survey" + PAGE_PREFIX + SurveyDefinition.pageCount();

    private final transient Pages pages;
    private final transient SurveyRepository responses;
    private final transient FinalSubmitPause pause;
    private final transient ContinueLater continueLater;

    public SurveyServlet(Pages pages, SurveyRepository responses, FinalSubmitPause pause, ContinueLater continueLater)
    {
        this.continueLater = continueLater;
        this.pages = pages;
        this.responses = responses;
        this.pause = pause;
    }

    /** For {@link #FINAL_PATH}: "Send answers" sent again after its session was renamed shows the stored response. */
    public Resubmission<SurveyReceipt> resubmission()
    {
        return new Resubmission<>(responses::receiptOf, (session, receipt) -> new SurveySession(session).show(receipt),
            DONE);
    }

    /** The classes this feature stores in sessions. */
    public static Class<?>[] storedTypes()
    {
        return SurveySession.STORED_TYPES.toArray(new Class<?>[0]);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        Csrf.ensureToken(request);
        SurveySession survey = new SurveySession(request.getSession());
        String path = path(request);
        if (path.equals("/done") && survey.receipt() != null)
        {
            pages.render(request, response, "survey/done", Map.of("receipt", survey.receipt()));
            return;
        }
        Optional<SurveyPage> page = page(path);
        if (page.isPresent())
        {
            // The draft starts with its first page shown, so its id is in the stored session long before the end.
            survey.draftId();
            render(request, response, HttpServletResponse.SC_OK, page.get(), survey.answers(page.get().number()),
                new FieldErrors());
            return;
        }
        if (!path.isEmpty() && !path.equals("/"))
        {
            Http.seeOther(response, "/survey");
            return;
        }
        int resume = survey.firstIncompletePage();
        pages.render(request, response, "survey/start", Map.of(
            "started", survey.started(),
            "resumePage", resume == 0 ? SurveyDefinition.pageCount() : resume,
            "pageCount", SurveyDefinition.pageCount()));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        SurveySession survey = new SurveySession(request.getSession());
        String path = path(request);
        if (path.equals("/restart"))
        {
            survey.clear();
            Http.seeOther(response, "/survey" + PAGE_PREFIX + 1);
            return;
        }
        if (path.startsWith(AUTOSAVE_PREFIX))
        {
            autosave(request, response, survey, page(PAGE_PREFIX + path.substring(AUTOSAVE_PREFIX.length())));
            return;
        }
        Optional<SurveyPage> found = page(path);
        if (found.isEmpty())
        {
            Http.seeOther(response, "/survey");
            return;
        }
        SurveyPage page = found.get();
        if (page.number() == SurveyDefinition.pageCount() && showedEarlierDraft(request, response, survey))
            return;
        FormInput in = new FormInput(request, new FieldErrors());
        PageAnswers answers = PageAnswers.read(page, in);
        if (in.nav() == FormInput.Nav.NEXT)
            answers.check(page, in.errors());
        if (!in.errors().isEmpty())
        {
            render(request, response, UNPROCESSABLE, page, answers, in.errors());
            return;
        }
        survey.save(page.number(), answers);
        switch (in.nav())
        {
            case LATER -> continueLater.offer(request, response, "survey");
            case BACK -> Http.seeOther(response, "/survey" + PAGE_PREFIX + Math.max(1, page.number() - 1));
            case STAY -> Http.seeOther(response, "/survey" + PAGE_PREFIX + page.number());
            case NEXT ->
            {
                if (page.number() < SurveyDefinition.pageCount())
                    Http.seeOther(response, "/survey" + PAGE_PREFIX + (page.number() + 1));
                else
                    finish(request, response, survey);
            }
        }
    }

    /**
     * The last page of an earlier draft sent again (after its answers were stored, or after a restart): shows the
     * stored response, or the start page if there is none, and keeps nothing of it. False for this draft's own form.
     */
    private boolean showedEarlierDraft(HttpServletRequest request, HttpServletResponse response, SurveySession survey)
    {
        Optional<UUID> sent = Drafts.sent(request.getParameter(Drafts.FIELD));
        if (sent.isEmpty() || sent.get().equals(survey.draftId()))
            return false;
        Optional<SurveyReceipt> stored = responses.receiptOf(sent.get());
        stored.ifPresent(survey::show);
        Http.seeOther(response, stored.isPresent() ? DONE : "/survey");
        return true;
    }

    /**
     * Stores one page's answers as typed so far (nothing is required yet, as with "Back"). Several autosaves of one
     * session may be in flight at once on different nodes: each page is an attribute of its own, so none overwrites
     * another. The answer says which node saved it and the session's stored version the request started from.
     */
    private void autosave(HttpServletRequest request, HttpServletResponse response, SurveySession survey,
                          Optional<SurveyPage> found)
        throws IOException
    {
        if (found.isEmpty())
        {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        SurveyPage page = found.get();
        FormInput in = new FormInput(request, new FieldErrors());
        PageAnswers answers = PageAnswers.read(page, in);
        if (in.errors().isEmpty())
            survey.save(page.number(), answers);
        AutosaveAnswer.send(request, response, pages.node().name(), "page", page.number(), in.errors());
    }

    /** Stores all pages' answers, or shows the first page that still misses a required answer. */
    private void finish(HttpServletRequest request, HttpServletResponse response, SurveySession survey)
        throws IOException
    {
        int incomplete = survey.firstIncompletePage();
        if (incomplete != 0)
        {
            SurveyPage page = SurveyDefinition.PAGES.get(incomplete - 1);
            FieldErrors errors = new FieldErrors();
            survey.answers(incomplete).check(page, errors);
            render(request, response, UNPROCESSABLE, page, survey.answers(incomplete), errors);
            return;
        }
        List<SurveyRepository.Answer> rows = new ArrayList<>();
        for (SurveyPage page : SurveyDefinition.PAGES)
        {
            PageAnswers answers = survey.answers(page.number());
            for (Question q : page.questions())
            {
                List<String> values = answers.values().getOrDefault(q.id(), List.of());
                for (int i = 0; i < values.size(); i++)
                    rows.add(new SurveyRepository.Answer(q.id(), i + 1, q.kind() == Question.Kind.TEXT
                        ? values.get(i) : q.label(values.get(i))));
            }
        }
        UUID draft = survey.draftId();
        long number = responses.store(draft, pages.node().name(), rows);
        pause.afterInsert("survey", draft);
        survey.complete(new SurveyReceipt(number, rows.size()));
        request.changeSessionId();
        pause.afterRename("survey", draft);
        Http.seeOther(response, DONE);
    }

    private void render(HttpServletRequest request, HttpServletResponse response, int status, SurveyPage page,
                        PageAnswers answers, FieldErrors errors)
        throws IOException
    {
        Map<String, Object> model = new HashMap<>();
        model.put("page", page);
        model.put("answers", answers);
        model.put("errors", errors);
        model.put("pageCount", SurveyDefinition.pageCount());
        boolean last = page.number() == SurveyDefinition.pageCount();
        model.put("last", last);
        if (last)
            model.put("submission", new SurveySession(request.getSession()).draftId());
        pages.render(request, response, status, "survey/page", model);
    }

    private static Optional<SurveyPage> page(String path)
    {
        if (!path.startsWith(PAGE_PREFIX) || !path.substring(PAGE_PREFIX.length()).matches("\\d{1,2}"))
            return Optional.empty();
        return SurveyDefinition.page(Integer.parseInt(path.substring(PAGE_PREFIX.length())));
    }

    private static String path(HttpServletRequest request)
    {
        return request.getPathInfo() == null ? "" : request.getPathInfo();
    }
}
