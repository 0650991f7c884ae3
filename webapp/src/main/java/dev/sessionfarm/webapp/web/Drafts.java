package dev.sessionfarm.webapp.web;

import java.util.UUID;

import jakarta.servlet.http.HttpSession;

/** The id of the draft a person is filling in, kept in the session, so that submitting it twice stores it once. */
public final class Drafts
{
    private Drafts()
    {
    }

    /** The draft id under {@code attribute}, created on first use. */
    public static UUID id(HttpSession session, String attribute)
    {
        UUID id = (UUID)session.getAttribute(attribute);
        if (id == null)
        {
            id = UUID.randomUUID();
            session.setAttribute(attribute, id);
        }
        return id;
    }
}
