package dev.sessionfarm.webapp.web;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpSession;

/**
 * The id of the draft a person is filling in (its submission token), kept in the session from the draft's first
 * page on and carried by the final form, so that submitting it twice stores it once, and so that a final submit
 * sent again after its answer was lost can find what it stored even when the session it came from is gone.
 * It is a bearer secret for that one submission's confirmation: 128 random bits, never derived from anything.
 */
public final class Drafts
{
    /** The final form's hidden field that carries the token. */
    public static final String FIELD = "submission";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT =
        Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Drafts()
    {
    }

    /**
     * The draft id under {@code attribute}, created on first use: when the draft starts. A session from before
     * tokens were shown gets one at its final submit, as it always did.
     */
    public static UUID id(HttpSession session, String attribute)
    {
        UUID id = (UUID)session.getAttribute(attribute);
        if (id == null)
        {
            id = newToken();
            session.setAttribute(attribute, id);
        }
        return id;
    }

    /** All 128 bits random (a version-4 UUID has 122), stored in the tables' uuid columns as it is. */
    static UUID newToken()
    {
        return new UUID(RANDOM.nextLong(), RANDOM.nextLong());
    }

    /** The token a form sent, if it sent one in the form the pages render; anything else is no token. */
    public static Optional<UUID> sent(String field)
    {
        if (field == null || !FORMAT.matcher(field).matches())
            return Optional.empty();
        return Optional.of(UUID.fromString(field));
    }
}
