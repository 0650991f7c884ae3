package dev.sessionfarm.webapp.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.webapp.node.WebNode;
import dev.sessionfarm.webapp.testing.AccessibleErrors;
import dev.sessionfarm.webapp.testing.Browser;
import dev.sessionfarm.webapp.testing.Browser.Page;
import dev.sessionfarm.webapp.testing.TestNodes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** English and German: chosen from Accept-Language, switched on any page, and everything in the chosen one. */
class LanguagesTest
{
    private static final Pattern PLACEHOLDER = Pattern.compile("\\?\\?[^?]*\\?\\?");

    @Test
    void acceptLanguageChoosesAndTheSwitchOverridesItForTheSession() throws Exception
    {
        try (TestNodes nodes = new TestNodes())
        {
            WebNode node = nodes.postgres("lang1");
            Browser german = new Browser(node.uri()).header("Accept-Language", "fr-CH, de;q=0.8, en;q=0.5");
            Page customer = german.open("/order/customer");
            assertTrue(customer.body().contains("<html lang=\"de\""), customer::toString);
            assertTrue(customer.body().contains(">Vollständiger Name<"), customer::toString);
            assertTrue(customer.body().contains("hreflang=\"en\""), "the switch offers English: " + customer);
            Page english = german.open("/order/customer?lang=en");
            assertTrue(english.body().contains("<html lang=\"en\""), english::toString);
            assertTrue(german.open("/survey").body().contains("How are we doing?"),
                "the choice is kept in the session, over Accept-Language");
            assertTrue(german.open("/survey?lang=de").body().contains("Wie machen wir uns?"));

            Browser other = new Browser(node.uri()).header("Accept-Language", "fr, it;q=0.9");
            assertTrue(other.open("/").body().contains("<html lang=\"en\""), "neither English nor German: English");
        }
    }

    @Test
    void theGermanOrderFlowHasGermanErrorsPricesAndNoMissingTexts() throws Exception
    {
        try (TestNodes nodes = new TestNodes())
        {
            WebNode node = nodes.postgres("lang2");
            Browser browser = new Browser(node.uri()).header("Accept-Language", "de-DE");
            noPlaceholders(browser.open("/"));
            noPlaceholders(browser.open("/order"));
            Page errors = browser.post("/order/customer", "name", "", "email", "kein-at", "nav", "next");
            assertEquals(422, errors.status());
            AccessibleErrors.assertOn(errors, "name", "email");
            assertTrue(errors.body().contains("<title>Fehler: Ihre Angaben"), errors::toString);
            assertTrue(errors.body().contains(">Es gibt ein Problem<"), errors::toString);
            assertTrue(errors.body().contains("Bitte geben Sie Ihren Namen ein."), errors::toString);
            assertTrue(errors.body().contains("visually-hidden\">Fehler:</span>"), errors::toString);
            noPlaceholders(errors);
            browser.submit("/order/customer", "name", "Emmy Noether", "email", "en@example.com", "nav", "next");
            browser.submit("/order/shipping", "street", "Bunsenstraße 3", "postcode", "37073", "city", "Göttingen",
                "country", "Deutschland", "nav", "next");
            Page items = browser.submit("/order/items", "add", "TEA-GREEN", "nav", "stay");
            assertTrue(items.body().contains("8,90\u00a0€"), "a price as German writes it: " + items);
            assertTrue(items.body().contains("Grüner Sencha-Tee"), items::toString);
            noPlaceholders(items);
            Page quantity = browser.post("/order/items", "qty.TEA-GREEN", "zw", "nav", "next");
            assertEquals(422, quantity.status());
            assertTrue(quantity.body().contains("Bitte geben Sie eine ganze Zahl von 0 bis"), quantity::toString);
            Page delivery = browser.submit("/order/items", "qty.TEA-GREEN", "2", "nav", "next");
            assertTrue(delivery.body().contains("Standardversand, 3 bis 5 Werktage"), delivery::toString);
            noPlaceholders(delivery);
            Page review =
                browser.submit("/order/delivery", "delivery", "STANDARD", "payment", "INVOICE", "nav", "next");
            assertTrue(review.body().contains("22,70\u00a0€"), "17,80 € and 4,90 € delivery: " + review);
            noPlaceholders(review);
            Page english = browser.open("/order/review?lang=en");
            assertFalse(english.body().contains("Sencha-Tee"), english::toString);
            assertTrue(english.body().contains("€22.70"), "English prices: " + english);
            browser.open("/order/review?lang=de");
            Page done = browser.submit("/order/review", "submission", review.hidden("submission"), "nav", "next");
            assertTrue(done.body().contains("Vielen Dank für Ihre Bestellung"), done::toString);
            noPlaceholders(done);
        }
    }

    @Test
    void theSurveyAndContinueLaterInGerman() throws Exception
    {
        try (TestNodes nodes = new TestNodes())
        {
            WebNode node = nodes.postgres("lang3");
            Browser browser = new Browser(node.uri()).header("Accept-Language", "de");
            noPlaceholders(browser.open("/survey"));
            Page first = browser.open("/survey/page/1");
            assertTrue(first.body().contains("Wie haben Sie von dem Laden erfahren?"), first::toString);
            assertTrue(first.body().contains("Seite 1 von 9"), first::toString);
            Page missing = browser.post("/survey/page/1", "nav", "next");
            assertEquals(422, missing.status());
            AccessibleErrors.assertOn(missing, "q.heard");
            assertTrue(missing.body().contains("Bitte wählen Sie eine Antwort."), missing::toString);
            for (int page = 1; page <= 9; page++)
                noPlaceholders(browser.open("/survey/page/" + page));
            Page saved = browser.submit("/survey/page/1", "q.heard", "o1", "nav", "later");
            assertTrue(saved.body().contains("Gültig bis"), saved::toString);
            assertTrue(saved.body().contains("für 3 Tage"), saved::toString);
            Matcher weekday =
                Pattern.compile("id=\"resume-expires\">(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag"
                    + "|Sonntag), ").matcher(saved.body());
            assertTrue(weekday.find(), "the date in German: " + saved);
            noPlaceholders(saved);
            browser.open("/continue");
            Page wrong = browser.post("/continue", "code", "0000-0000-0000");
            assertTrue(wrong.body().contains("Dieser Code ist nicht gültig"), wrong::toString);
            AccessibleErrors.assertOn(wrong, "code");
        }
    }

    private static void noPlaceholders(Page page)
    {
        Matcher m = PLACEHOLDER.matcher(page.body());
        assertFalse(m.find(), () -> "a text is missing from the bundle: " + m.group() + " on " + page);
    }
}
