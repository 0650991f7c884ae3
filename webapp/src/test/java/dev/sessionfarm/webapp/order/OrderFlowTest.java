package dev.sessionfarm.webapp.order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import dev.sessionfarm.webapp.node.WebNode;
import dev.sessionfarm.webapp.testing.AccessibleErrors;
import dev.sessionfarm.webapp.testing.Browser;
import dev.sessionfarm.webapp.testing.Browser.Page;
import dev.sessionfarm.webapp.testing.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order form over HTTP through two postgres-mode nodes: each request goes to the other node. */
class OrderFlowTest
{
    private static TestNodes nodes;
    private static WebNode a;
    private static WebNode b;
    private static WebNode inMemory;

    @BeforeAll
    static void start() throws Exception
    {
        nodes = new TestNodes();
        a = nodes.postgres("nodeA");
        b = nodes.postgres("nodeB");
        inMemory = nodes.memory("nodeM", 0);
    }

    @AfterAll
    static void stop() throws Exception
    {
        nodes.close();
    }

    @Test
    void everyStepOnAlternatingNodesEndsInAStoredOrder() throws Exception
    {
        Browser browser = new Browser(a.uri());
        Page customer = browser.open("/order");
        assertEquals(200, customer.status());
        assertTrue(customer.body().contains("<h1>Your details</h1>"), customer::toString);

        Page shipping =
            browser.at(b.uri()).submit("/order/customer", "name", "Ada Lovelace", "email", "ada@example.com",
                "phone", "+44 20 7946 0000", "nav", "next");
        assertTrue(shipping.body().contains("<h1>Shipping address</h1>"), shipping::toString);
        assertEquals("nodeB", shipping.node());

        Page items =
            browser.at(a.uri()).submit("/order/shipping", "street", "12 St James's Square", "postcode", "SW1Y 4JH",
                "city", "London", "country", "United Kingdom", "nav", "next");
        assertTrue(items.body().contains("Your cart is empty"), items::toString);
        assertEquals("nodeA", items.node());

        browser.at(b.uri()).submit("/order/items", "add", "TEA-GREEN");
        browser.at(a.uri()).submit("/order/items", "qty.TEA-GREEN", "1", "add", "MUG-STONE");
        browser.at(b.uri()).submit("/order/items", "qty.TEA-GREEN", "1", "qty.MUG-STONE", "1", "add", "FIL-PAPER");
        Page changed =
            browser.at(a.uri()).submit("/order/items", "qty.TEA-GREEN", "3", "qty.MUG-STONE", "2", "qty.FIL-PAPER", "1",
                "remove", "FIL-PAPER");
        assertTrue(changed.body().contains("value=\"3\"") && changed.body().contains("value=\"2\""), changed::toString);
        assertTrue(!changed.body().contains("id=\"qty.FIL-PAPER\""), "removed line is gone");

        Page delivery =
            browser.at(b.uri()).submit("/order/items", "qty.TEA-GREEN", "3", "qty.MUG-STONE", "2", "nav", "next");
        assertTrue(delivery.body().contains("<h1>Delivery and payment</h1>"), delivery::toString);
        Page review =
            browser.at(a.uri()).submit("/order/delivery", "delivery", "EXPRESS", "payment", "INVOICE", "nav", "next");
        assertTrue(review.body().contains("Ada Lovelace") && review.body().contains("€60.60"), review::toString);

        String before = browser.sessionId();
        Page placed = browser.at(b.uri()).post("/order/review", "nav", "next");
        assertEquals(303, placed.status(), placed::toString);
        assertNotEquals(before, browser.sessionId(), "placing the order gives the session a new id");
        Page confirmation = browser.open(placed.location());
        String number = between(confirmation.body(), "<p class=\"confirmation\">", "</p>");
        assertTrue(number.matches("SF-[2-9A-Z]{4}-[2-9A-Z]{4}"), confirmation::toString);
        // The new id works on every node.
        assertTrue(browser.at(a.uri()).get("/order/confirmation").body().contains(number));

        try (Connection c = nodes.database().getConnection();
             PreparedStatement s = c.prepareStatement("""
                 SELECT o.customer_name, o.email, o.delivery, o.total_cents, l.sku, l.quantity, l.unit_price_cents
                   FROM demo_order o JOIN demo_order_line l ON l.order_id = o.id
                  WHERE o.confirmation = ? ORDER BY l.line_no"""))
        {
            s.setString(1, number);
            List<String> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery())
            {
                while (r.next())
                    rows.add(String.join("|", r.getString(1), r.getString(2), r.getString(3),
                        String.valueOf(r.getInt(4)), r.getString(5), String.valueOf(r.getInt(6)),
                        String.valueOf(r.getInt(7))));
            }
            assertEquals(List.of("Ada Lovelace|ada@example.com|EXPRESS|6060|TEA-GREEN|3|890",
                "Ada Lovelace|ada@example.com|EXPRESS|6060|MUG-STONE|2|1200"), rows);
        }
        assertTrue(browser.open("/order").body().contains("<h1>Your details</h1>"), "the next order starts afresh");
    }

    @Test
    void invalidInputIsShownAgainAsTypedWithMessages() throws Exception
    {
        Browser browser = new Browser(a.uri());
        browser.open("/order");
        Page page = browser.post("/order/customer", "name", "Grace Hopper", "email", "grace at navy", "nav", "next");
        assertEquals(422, page.status());
        assertTrue(page.body().contains("value=\"Grace Hopper\""), page::toString);
        assertTrue(page.body().contains("value=\"grace at navy\""), page::toString);
        assertTrue(page.body().contains("This does not look like an email address"), page::toString);
        AccessibleErrors.assertOn(page, "email");
        assertEquals(303, browser.get("/order/shipping").status(), "cannot skip ahead");
    }

    @Test
    void backKeepsWhatWasTypedWithoutRequiringIt() throws Exception
    {
        Browser browser = new Browser(b.uri());
        browser.open("/order");
        browser.submit("/order/customer", "name", "Alan Turing", "email", "alan@example.com", "nav", "next");
        Page back = browser.post("/order/shipping", "street", "Half typed street", "nav", "back");
        assertEquals("/order/customer", back.location());
        Page customer = browser.open(back.location());
        assertTrue(customer.body().contains("value=\"Alan Turing\""), customer::toString);
        Page shipping = browser.submit("/order/customer", "name", "Alan Turing", "email", "alan@example.com",
            "nav", "next");
        assertTrue(shipping.body().contains("value=\"Half typed street\""), shipping::toString);
        Page incomplete = browser.post("/order/shipping", "street", "Half typed street", "nav", "next");
        assertEquals(422, incomplete.status());
        assertTrue(incomplete.body().contains("Please enter the postcode."), incomplete::toString);
        AccessibleErrors.assertOn(incomplete, "postcode", "city", "country");
    }

    /** What /static/form.js calls while the person types: the step as typed, nothing required yet, JSON back. */
    @Test
    void autosaveStoresAStepAsTypedAndAnswersWithJson() throws Exception
    {
        Browser browser = new Browser(a.uri());
        browser.open("/order");
        Page saved = browser.at(b.uri()).post("/order/autosave/customer", "name", "Grace Hop");
        assertEquals(200, saved.status(), saved::toString);
        assertTrue(saved.body().matches("\\{\"step\":\"customer\",\"saved\":true,\"node\":\"nodeB\","
            + "\"loadedVersion\":\\d+}"), saved::toString);
        Page customer = browser.at(a.uri()).open("/order/customer");
        assertTrue(customer.body().contains("value=\"Grace Hop\""), "not complete yet, but kept: " + customer);
        Page overlong = browser.post("/order/autosave/customer", "name", "x".repeat(101));
        assertEquals(422, overlong.status(), overlong::toString);
        assertTrue(overlong.body().contains("\"saved\":false") && overlong.body().contains("\"name\""),
            overlong::toString);
        assertEquals(404, browser.post("/order/autosave/shipping", "street", "1 Navy Yard").status(),
            "a step not reached yet is not saved");
        assertEquals(404, browser.post("/order/autosave/items", "qty.TEA-GREEN", "1").status());
        browser.useSessionId("no-such-session.nodeA");
        Page expired = browser.post("/order/autosave/customer", "name", "Grace Hopper");
        assertEquals(410, expired.status(), expired::toString);
        assertEquals("{\"saved\":false,\"error\":\"session-expired\"}", expired.body());
    }

    /** The timeout warning's "Keep working": renews the session without a page, answers JSON. */
    @Test
    void keepAliveRenewsTheSessionAndAnswersWithJson() throws Exception
    {
        Browser browser = new Browser(a.uri());
        Page customer = browser.open("/order");
        assertTrue(customer.body().contains("data-session-seconds=\"1200\""), "the page tells its script the timeout");
        Page renewed = browser.at(b.uri()).post("/session/keepalive");
        assertEquals(200, renewed.status(), renewed::toString);
        assertEquals("{\"extended\":true,\"expiresInSeconds\":1200}", renewed.body());
        assertEquals(403, browser.postRaw("/session/keepalive", "").status(), "the CSRF token is still required");
        browser.useSessionId("no-such-session.nodeA");
        Page gone = browser.post("/session/keepalive");
        assertEquals(410, gone.status(), gone::toString);
        assertEquals("{\"saved\":false,\"error\":\"session-expired\"}", gone.body());
    }

    @Test
    void aQuantityThatIsNotANumberIsAnInlineErrorAndKeptAsTyped() throws Exception
    {
        Browser browser = new Browser(a.uri());
        browser.open("/order");
        browser.submit("/order/customer", "name", "Edsger", "email", "ewd@example.com", "nav", "next");
        browser.submit("/order/shipping", "street", "Plataanstraat 5", "postcode", "5671 AL", "city", "Nuenen",
            "country", "Netherlands", "nav", "next");
        browser.submit("/order/items", "add", "COF-BEANS");
        Page page = browser.post("/order/items", "qty.COF-BEANS", "two", "nav", "next");
        assertEquals(422, page.status());
        assertTrue(page.body().contains("value=\"two\""), page::toString);
        assertTrue(page.body().contains("Please enter a whole number from 0 to 99"), page::toString);
        AccessibleErrors.assertOn(page, "qty.COF-BEANS");
        Page empty = browser.submit("/order/items", "qty.COF-BEANS", "0");
        assertTrue(empty.body().contains("Your cart is empty"), empty::toString);
        Page next = browser.post("/order/items", "nav", "next");
        assertEquals(422, next.status());
        assertTrue(next.body().contains("Please add at least one item"), next::toString);
        AccessibleErrors.assertOn(next, "cart");
    }

    @Test
    void theSameItemsFormSentTwiceGivesTheSameCart() throws Exception
    {
        Browser browser = new Browser(a.uri());
        browser.open("/order");
        browser.submit("/order/customer", "name", "Grace Hopper", "email", "gh@example.com", "nav", "next");
        browser.submit("/order/shipping", "street", "1 Navy Yard", "postcode", "20374", "city", "Washington",
            "country", "USA", "nav", "next");
        // Each form twice, as a retry after an answer that never arrived sends it: the second changes nothing.
        for (int i = 0; i < 2; i++)
            browser.at(i == 0 ? a.uri() : b.uri()).submit("/order/items", "add", "TEA-BLACK");
        for (int i = 0; i < 2; i++)
            browser.at(i == 0 ? b.uri() : a.uri()).submit("/order/items", "qty.TEA-BLACK", "1", "add", "TEA-BLACK");
        Page items = browser.open("/order/items");
        assertTrue(items.body().matches("(?s).*name=\"qty.TEA-BLACK\"\\s+value=\"2\".*"), items::toString);
    }

    /**
     * The answer to "Place order" never arrived (here: the person kept a copy of the cookie jar from before), so the
     * button is pressed again with the old cookie, whose session was renamed and no longer exists.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgres", "memory"})
    void placingAgainWithTheCookieFromBeforeShowsTheSameConfirmation(String mode) throws Exception
    {
        boolean memory = mode.equals("memory");
        String email = "again-" + mode + "@example.com";
        Browser browser = new Browser(memory ? inMemory.uri() : a.uri());
        Page review = toReview(browser, email);
        String submission = review.hidden("submission");
        String before = browser.sessionId();
        Browser copy = browser.copy();

        Page placed = browser.at(memory ? inMemory.uri() : b.uri()).post("/order/review", "submission", submission,
            "nav", "next");
        assertEquals("/order/confirmation", placed.location(), placed::toString);
        String number = between(browser.open(placed.location()).body(), "<p class=\"confirmation\">", "</p>");

        Page again = copy.post("/order/review", "submission", submission, "nav", "next");
        assertEquals("/order/confirmation", again.location(), again::toString);
        Page shown = copy.open(again.location());
        assertTrue(shown.body().contains("<p class=\"confirmation\">" + number + "</p>"), shown::toString);
        assertFalse(shown.body().contains("Your session"), shown::toString);
        assertNotEquals(before, copy.sessionId(), "the renamed session's old id stays dead");
        assertNotEquals(browser.sessionId(), copy.sessionId(), "the copy gets a session of its own");
        Browser old = new Browser(memory ? inMemory.uri() : a.uri());
        old.useSessionId(before);
        assertEquals("/order", old.get("/order/confirmation").location(), "the old id shows nothing");

        // Back to the review page in the browser that did get the answer, and the button again: the same order.
        Page backAndAgain = browser.post("/order/review", "submission", submission, "nav", "next");
        assertEquals("/order/confirmation", backAndAgain.location(), backAndAgain::toString);
        assertTrue(browser.open(backAndAgain.location()).body().contains(number));
        assertEquals(1, ordersOf(email));
    }

    @Test
    void aResubmissionWithAnUnknownSubmissionTokenStoresNothingAndSaysTheSessionIsGone() throws Exception
    {
        String email = "unknown-token@example.com";
        Browser browser = new Browser(a.uri());
        Page review = toReview(browser, email);
        Browser copy = browser.copy();
        browser.submit("/order/review", "submission", review.hidden("submission"), "nav", "next");

        Page forged = copy.post("/order/review", "submission", "00000000-0000-4000-8000-000000000000", "nav", "next");
        assertEquals("/order/review", forged.location(), forged::toString);
        assertTrue(copy.open(forged.location()).body().contains("Your session expired"));
        Page garbage = new Browser(a.uri()).post("/order/review", "submission", "'; DROP TABLE demo_order; --",
            "nav", "next");
        assertEquals(403, garbage.status(), "without a session or a stored submission, CSRF refuses it: " + garbage);
        assertEquals(1, ordersOf(email));
    }

    /** Fills in every step up to the review page, on alternating nodes. */
    private static Page toReview(Browser browser, String email) throws Exception
    {
        browser.open("/order");
        browser.submit("/order/customer", "name", "Retrying Person", "email", email, "nav", "next");
        browser.submit("/order/shipping", "street", "1 Resubmit Road", "postcode", "1000", "city", "Lisboa",
            "country", "Portugal", "nav", "next");
        browser.submit("/order/items", "add", "TEA-GREEN");
        browser.submit("/order/items", "qty.TEA-GREEN", "2", "nav", "next");
        Page review = browser.submit("/order/delivery", "delivery", "STANDARD", "payment", "INVOICE", "nav", "next");
        assertTrue(review.body().contains("<h1>Review your order</h1>"), review::toString);
        return review;
    }

    private static int ordersOf(String email) throws Exception
    {
        try (Connection c = nodes.database().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM demo_order WHERE email = ?"))
        {
            s.setString(1, email);
            try (ResultSet r = s.executeQuery())
            {
                r.next();
                return r.getInt(1);
            }
        }
    }

    static String between(String text, String start, String end)
    {
        int from = text.indexOf(start);
        if (from < 0)
            return "";
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }
}
