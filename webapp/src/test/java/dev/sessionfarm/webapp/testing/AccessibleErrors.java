package dev.sessionfarm.webapp.testing;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a page with validation errors must carry, in the manner of well-known government form patterns: "Error:" in
 * its title, an error summary first that takes focus and links to each field, and each field described by its
 * message. The browser tests check the same in Chromium, with focus and axe-core.
 */
public final class AccessibleErrors
{
    private AccessibleErrors()
    {
    }

    public static void assertOn(Browser.Page page, String... fields)
    {
        String body = page.body();
        assertTrue(Pattern.compile("<title>(Error|Fehler): ").matcher(body).find(),
            () -> "title must start with 'Error:' (German 'Fehler:'): " + page);
        assertTrue(Pattern.compile("<div class=\"error-summary\" tabindex=\"-1\"\\s+autofocus>").matcher(body).find(),
            () -> "no focused error summary: " + page);
        for (String field : fields)
        {
            String id = Pattern.quote(field);
            assertTrue(Pattern.compile("<li><a href=\"#" + id + "\">").matcher(body).find(),
                () -> "the summary does not link to " + field + ": " + page);
            assertTrue(Pattern.compile("\\sid=\"" + id + "\"").matcher(body).find(),
                () -> "no element with id " + field + " for the summary's link: " + page);
            assertTrue(Pattern.compile("\\sid=\"" + id + "-error\"").matcher(body).find(),
                () -> "no message with id " + field + "-error: " + page);
            assertTrue(
                Pattern.compile("aria-describedby=\"([^\"]* )?" + id + "-error( [^\"]*)?\"").matcher(body).find(),
                () -> "nothing is described by " + field + "-error: " + page);
        }
    }
}
