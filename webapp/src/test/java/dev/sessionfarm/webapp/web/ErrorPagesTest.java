package dev.sessionfarm.webapp.web;

import dev.sessionfarm.session.store.SessionStoreUnavailableException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorPagesTest
{
    @Test
    void anUnexpectedFailureIsExplainedWithoutItsDetails()
    {
        ErrorPages.Explanation explanation = ErrorPages.explain(500, new IllegalStateException("table secret_x"));
        assertEquals("Something went wrong", explanation.title());
        assertFalse(explanation.message().contains("secret_x"));
    }

    @Test
    void aStoreOutageSaysSavedAnswersAreSafe()
    {
        ErrorPages.Explanation explanation = ErrorPages.explain(503,
            new IllegalStateException(new SessionStoreUnavailableException("down", null)));
        assertTrue(explanation.message().contains("session store is unavailable"), explanation::message);
        assertTrue(explanation.message().contains("Answers you already saved are safe"), explanation::message);
    }
}
