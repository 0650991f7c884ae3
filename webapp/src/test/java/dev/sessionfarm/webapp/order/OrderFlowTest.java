package dev.sessionfarm.webapp.order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import dev.sessionfarm.webapp.node.WebNode;
import dev.sessionfarm.webapp.testing.Browser;
import dev.sessionfarm.webapp.testing.Browser.Page;
import dev.sessionfarm.webapp.testing.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order form over HTTP through two postgres-mode nodes: each request goes to the other node. */
class OrderFlowTest
{
    private static TestNodes nodes;
    private static WebNode a;
    private static WebNode b;

    @BeforeAll
    static void start() throws Exception
    {
        nodes = new TestNodes();
        a = nodes.postgres("nodeA");
        b = nodes.postgres("nodeB");
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

        Page shipping = browser.at(b.uri()).submit("/order/customer", "name", "Ada Lovelace", "email", "ada@example.com",
            "phone", "+44 20 7946 0000", "nav", "next");
        assertTrue(shipping.body().contains("<h1>Shipping address</h1>"), shipping::toString);
        assertEquals("nodeB", shipping.node());

        Page items = browser.at(a.uri()).submit("/order/shipping", "street", "12 St James's Square", "postcode", "SW1Y 4JH",
            "city", "London", "country", "United Kingdom", "nav", "next");
        assertTrue(items.body().contains("Your cart is empty"), items::toString);
        assertEquals("nodeA", items.node());

        browser.at(b.uri()).submit("/order/items", "add", "TEA-GREEN");
        browser.at(a.uri()).submit("/order/items", "qty.TEA-GREEN", "1", "add", "MUG-STONE");
        browser.at(b.uri()).submit("/order/items", "qty.TEA-GREEN", "1", "qty.MUG-STONE", "1", "add", "FIL-PAPER");
        Page changed = browser.at(a.uri()).submit("/order/items", "qty.TEA-GREEN", "3", "qty.MUG-STONE", "2", "qty.FIL-PAPER", "1",
            "remove", "FIL-PAPER");
        assertTrue(changed.body().contains("value=\"3\"") && changed.body().contains("value=\"2\""), changed::toString);
        assertTrue(!changed.body().contains("id=\"qty.FIL-PAPER\""), "removed line is gone");

        Page delivery = browser.at(b.uri()).submit("/order/items", "qty.TEA-GREEN", "3", "qty.MUG-STONE", "2", "nav", "next");
        assertTrue(delivery.body().contains("<h1>Delivery and payment</h1>"), delivery::toString);
        Page review = browser.at(a.uri()).submit("/order/delivery", "delivery", "EXPRESS", "payment", "INVOICE", "nav", "next");
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
        Page empty = browser.submit("/order/items", "qty.COF-BEANS", "0");
        assertTrue(empty.body().contains("Your cart is empty"), empty::toString);
        Page next = browser.post("/order/items", "nav", "next");
        assertEquals(422, next.status());
        assertTrue(next.body().contains("Please add at least one item"), next::toString);
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

    static String between(String text, String start, String end)
    {
        int from = text.indexOf(start);
        if (from < 0)
            return "";
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }
}
