package dev.sessionfarm.webapp.web;

import dev.sessionfarm.session.store.Durability;
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
        ErrorPages.Explanation explanation = ErrorPages.explain(500, new IllegalStateException("table secret_x"), "");
        assertEquals("Something went wrong", explanation.title());
        assertFalse(explanation.message().contains("secret_x"));
    }

    @Test
    void aStoreOutageSaysWhatTheStorePromisesAndNothingMore()
    {
        ErrorPages.Explanation durable = ErrorPages.explain(503,
            new IllegalStateException(new SessionStoreUnavailableException("down", null)),
            Durability.DURABLE.promise());
        assertEquals("The session store is unavailable just now. Answers you already saved are safe. Nothing you sent "
            + "was half-saved. Please retry in a moment.", durable.message());
        ErrorPages.Explanation unknown = ErrorPages.explain(503,
            new IllegalStateException(new SessionStoreUnavailableException("down", null)),
            Durability.UNKNOWN.promise());
        assertEquals("The session store is unavailable just now. Nothing you sent was half-saved. Please retry in a "
            + "moment.", unknown.message());
    }
}
