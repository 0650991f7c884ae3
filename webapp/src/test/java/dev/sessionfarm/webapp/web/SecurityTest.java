package dev.sessionfarm.webapp.web;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.sessionfarm.webapp.node.WebNode;
import dev.sessionfarm.webapp.testing.Browser;
import dev.sessionfarm.webapp.testing.Browser.Page;
import dev.sessionfarm.webapp.testing.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityTest
{
    private static final String SCRIPT = "<script>alert('owned')</script>";

    private static TestNodes nodes;
    private static WebNode node;

    @BeforeAll
    static void start() throws Exception
    {
        nodes = new TestNodes();
        node = nodes.postgres("secure");
    }

    @AfterAll
    static void stop() throws Exception
    {
        nodes.close();
    }

    @Test
    void aScriptTypedIntoAFieldIsShownAsText() throws Exception
    {
        Browser browser = new Browser(node.uri());
        browser.open("/order");
        Page invalid = browser.post("/order/customer", "name", SCRIPT, "email", "not an email", "nav", "next");
        assertEquals(422, invalid.status());
        assertFalse(invalid.body().contains(SCRIPT), invalid::toString);
        assertTrue(invalid.body().contains("value=\"&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;\""),
            invalid::toString);

        browser.submit("/order/customer", "name", SCRIPT, "email", "x@example.com", "nav", "next");
        browser.submit("/order/shipping", "street", SCRIPT, "postcode", "1", "city", "c", "country", "c", "nav",
            "next");
        browser.submit("/order/items", "add", "GFT-CARD");
        browser.submit("/order/items", "qty.GFT-CARD", "1", "nav", "next");
        Page review = browser.submit("/order/delivery", "delivery", "PICKUP", "payment", "INVOICE", "nav", "next");
        assertTrue(review.body().contains("<h1>Review your order</h1>"), review::toString);
        assertFalse(review.body().contains(SCRIPT), review::toString);
        assertTrue(review.body().contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;"), review::toString);
    }

    @Test
    void aPostWithoutTheTokenOrWithAWrongOneIsRefused() throws Exception
    {
        Browser browser = new Browser(node.uri());
        browser.open("/order");
        Page none = browser.postRaw("/order/customer", Browser.form("name", "Mallory", "email", "m@example.com",
            "nav", "next"));
        assertEquals(403, none.status());
        assertTrue(none.body().contains("This form could not be accepted"), none::toString);
        Page wrong = browser.postRaw("/order/customer", Browser.form("name", "Mallory", "email", "m@example.com",
            "nav", "next", "csrf", "guessed"));
        assertEquals(403, wrong.status());
        Page customer = browser.get("/order/customer");
        assertFalse(customer.body().contains("Mallory"), "nothing refused was stored");
    }

    @Test
    void theTokenCountsOnlyInTheFormBodyNotInTheUrl() throws Exception
    {
        Browser browser = new Browser(node.uri());
        browser.open("/order");
        String inUrl = "/order/customer?csrf=" + URLEncoder.encode(browser.csrf(), StandardCharsets.UTF_8);
        Page onlyInUrl = browser.postRaw(inUrl, Browser.form("name", "Mallory", "email", "m@example.com",
            "nav", "next"));
        assertEquals(403, onlyInUrl.status(), onlyInUrl::toString);
        Page wrongInBody = browser.postRaw(inUrl, Browser.form("name", "Mallory", "email", "m@example.com",
            "nav", "next", "csrf", "guessed"));
        assertEquals(403, wrongInBody.status(), wrongInBody::toString);
        assertFalse(browser.get("/order/customer").body().contains("Mallory"), "nothing refused was stored");

        Page form = browser.post("/order/customer", "name", "Alice", "email", "a@example.com", "nav", "next");
        assertEquals(303, form.status(), form::toString);
        assertTrue(browser.get("/order/customer").body().contains("Alice"), "the form post was stored");
    }

    @Test
    void anOversizedFormIsRefusedWithAClearPage() throws Exception
    {
        Browser browser = new Browser(node.uri());
        browser.open("/survey/page/3");
        Page page = browser.post("/survey/page/3", "q.missing", "x".repeat(WebNode.MAX_FORM_BYTES + 1), "nav", "next");
        assertEquals(413, page.status(), page::toString);
        assertTrue(page.body().contains("That form is too large"), page::toString);
        assertFalse(page.body().contains("Exception"), page::toString);
    }

    /**
     * A browser sends the whole body before it reads the answer: a node that closed the connection on the unread
     * rest made the operating system reset it, and the person saw a connection error instead of the 413 page.
     */
    @Test
    void aFormFarLargerThanAllowedStillGetsTheClearPage() throws Exception
    {
        Browser browser = new Browser(node.uri());
        browser.open("/survey/page/3");
        for (int attempt = 0; attempt < 40; attempt++)
        {
            Page page =
                browser.post("/survey/autosave/3", "q.missing", "x".repeat(WebNode.MAX_FORM_BYTES + attempt * 8192));
            assertEquals(413, page.status(), page::toString);
            assertEquals("{\"saved\":false,\"error\":\"too-large\"}", page.body());
        }
    }

    @Test
    void anOverlongFieldIsAnInlineErrorAndNothingIsStored() throws Exception
    {
        Browser browser = new Browser(node.uri());
        browser.open("/order");
        Page page = browser.post("/order/customer", "name", "n".repeat(101), "email", "a@example.com", "nav", "back");
        assertEquals(422, page.status());
        assertTrue(page.body().contains("Please keep this to 100 characters; it has 101."), page::toString);
        assertFalse(browser.get("/order/customer").body().contains("n".repeat(101)));
    }

    @Test
    void pagesCarryHeadersThatForbidScriptsFramingAndCaching() throws Exception
    {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(node.uri().resolve("/survey")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        String cookie = response.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
    }
}
