package dev.sessionfarm.webapp.survey;

import java.util.List;
import java.util.UUID;

import dev.sessionfarm.webapp.web.Drafts;
import jakarta.servlet.http.HttpSession;

/** The survey in progress, only in the session: one attribute per page, so pages never overwrite each other. */
final class SurveySession
{
    /** The classes this feature stores in sessions; Serializable too, like the order's (see OrderSession). */
    static final List<Class<?>> STORED_TYPES = List.of(PageAnswers.class, SurveyReceipt.class);

    private static final String DRAFT_ID = "survey.draftId";
    private static final String PAGE_PREFIX = "survey.page.";
    private static final String RECEIPT = "survey.receipt";

    private final HttpSession session;

    SurveySession(HttpSession session)
    {
        this.session = session;
    }

    /** Identifies this draft in the database (see Drafts); created when the draft starts. */
    UUID draftId()
    {
        return Drafts.id(session, DRAFT_ID);
    }

    PageAnswers answers(int page)
    {
        PageAnswers answers = (PageAnswers)session.getAttribute(PAGE_PREFIX + page);
        return answers == null ? PageAnswers.NONE : answers;
    }

    void save(int page, PageAnswers answers)
    {
        if (!answers.equals(answers(page)))
            session.setAttribute(PAGE_PREFIX + page, answers);
    }

    boolean started()
    {
        return SurveyDefinition.PAGES.stream().anyMatch(p -> !answers(p.number()).values().isEmpty());
    }

    /** The first page with a required question unanswered; 0 when every page is complete. */
    int firstIncompletePage()
    {
        return SurveyDefinition.PAGES.stream().filter(p -> !answers(p.number()).isComplete(p))
            .mapToInt(SurveyPage::number).findFirst().orElse(0);
    }

    SurveyReceipt receipt()
    {
        return (SurveyReceipt)session.getAttribute(RECEIPT);
    }

    void clear()
    {
        session.removeAttribute(DRAFT_ID);
        for (SurveyPage page : SurveyDefinition.PAGES)
            session.removeAttribute(PAGE_PREFIX + page.number());
    }

    /** Shows a response stored earlier (its final submit sent again) on the thank-you page; the draft stays. */
    void show(SurveyReceipt receipt)
    {
        session.setAttribute(RECEIPT, receipt);
    }

    void complete(SurveyReceipt receipt)
    {
        clear();
        session.setAttribute(RECEIPT, receipt);
    }
}
