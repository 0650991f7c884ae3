package dev.sessionfarm.webapp.resume;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.store.postgres.PostgresSettings;
import dev.sessionfarm.store.postgres.PostgresStoreProvider;
import dev.sessionfarm.webapp.node.WebNode;
import dev.sessionfarm.webapp.testing.AccessibleErrors;
import dev.sessionfarm.webapp.testing.Browser;
import dev.sessionfarm.webapp.testing.Browser.Page;
import dev.sessionfarm.webapp.testing.TestNodes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "Continue later": a draft saved under a code comes back in another browser, once, in time, and not by guessing. */
class ContinueLaterTest
{
    private static final Pattern CODE = Pattern.compile("id=\"resume-code\">([0-9A-Z-]+)<");

    @Test
    void anOrderComesBackInAnotherBrowserOnAnotherNodeOnce() throws Exception
    {
        try (TestNodes nodes = new TestNodes())
        {
            WebNode first = nodes.postgres("pg1");
            WebNode second = nodes.postgres("pg2");
            // As the farm's balancer (Jetty's proxy) forwards: the link names the host the browser used.
            Browser monday =
                new Browser(first.uri()).header("Forwarded", "for=192.0.2.1;proto=https;host=shop.example");
            monday.open("/order");
            monday.submit("/order/customer", "name", "Grace Hopper", "email", "gh@example.com", "nav", "next");
            // "Continue later" with what the page says not yet complete: it is kept as typed, as Back keeps it.
            Page saved = monday.submit("/order/shipping", "street", "1 Navy Yard", "postcode", "", "city", "Arlington",
                "country", "US", "nav", "later");
            String code = code(saved);
            assertTrue(saved.body().contains(">https://shop.example/continue?code=" + code + "<"), saved::toString);
            assertTrue(saved.body().contains("3 days"), saved::toString);
            assertTrue(saved.body().contains("60 random bits"), saved::toString);
            assertEquals(1L, count(nodes, "SELECT count(*) FROM demo_saved_draft"));
            assertEquals(0L, count(nodes, "SELECT count(*) FROM demo_saved_draft WHERE position(convert_to('"
                + code.replace("-", "") + "', 'UTF8') IN attributes) > 0 OR length(code_hash) <> 32"),
                "only the code's hash is stored");

            Browser friday = new Browser(second.uri());
            Page enter = friday.open("/continue?code=" + code);
            assertTrue(enter.body().contains("value=\"" + code + "\""), "the link fills the code in: " + enter);
            String before = friday.sessionId();
            Page restored = friday.post("/continue", "code", code.toLowerCase().replace("-", " "));
            assertEquals(303, restored.status(), restored::toString);
            assertNotEquals(before, friday.sessionId(), "the session is renamed when the draft comes in");
            Page shipping = friday.open("/order/shipping");
            assertTrue(shipping.body().contains("Welcome back"), shipping::toString);
            assertTrue(shipping.body().contains("value=\"1 Navy Yard\""), shipping::toString);
            assertTrue(friday.open("/order/customer").body().contains("value=\"Grace Hopper\""));
            assertEquals(0L, count(nodes, "SELECT count(*) FROM demo_saved_draft"), "a redeemed draft is deleted");

            Page again = new Browser(first.uri()).post("/continue", "code", code);
            assertEquals(403, again.status(), "no POST without the page's CSRF token");
            Browser thief = new Browser(first.uri());
            thief.open("/continue");
            Page reused = thief.post("/continue", "code", code);
            assertEquals(422, reused.status(), "codes work once: " + reused);
            assertTrue(reused.body().contains("It may have been used already"), reused::toString);
        }
    }

    @Test
    void wrongCodesAreRefusedAccessiblyAndAttemptsPerAddressAreLimited() throws Exception
    {
        MovableClock clock = new MovableClock();
        try (TestNodes nodes = new TestNodes())
        {
            ContinueLaterSettings settings = new ContinueLaterSettings(Duration.ofDays(3), 3, Duration.ofMinutes(15));
            WebNode node = nodes.start(0, postgres(nodes, "lim1"), settings, clock);
            WebNode other = nodes.start(0, postgres(nodes, "lim2"), settings, clock);
            String code = saveSurveyDraft(node);

            Browser guesser = new Browser(node.uri()).forwardedFor("203.0.113.7");
            guesser.open("/continue");
            Page empty = guesser.post("/continue", "code", "");
            assertEquals(422, empty.status());
            AccessibleErrors.assertOn(empty, "code");
            assertTrue(empty.body().contains("Enter the code you were given"), empty::toString);
            Page malformed = guesser.post("/continue", "code", "<script>x</script>");
            assertEquals(422, malformed.status());
            assertFalse(malformed.body().contains("<script>x"), "what was typed is shown escaped");
            // A well-formed code that was never given: the third attempt of three.
            Page wrong = guesser.at(other.uri()).post("/continue", "code", "0000-0000-0000");
            assertEquals(422, wrong.status(), "the limit counts attempts on every node together: " + wrong);
            AccessibleErrors.assertOn(wrong, "code");

            Page limited = guesser.at(node.uri()).post("/continue", "code", code);
            assertEquals(429, limited.status(), "even the right code is not checked once the limit is reached");
            assertTrue(limited.body().contains("Too many codes were tried"), limited::toString);
            AccessibleErrors.assertOn(limited, "code");

            Browser neighbour = new Browser(node.uri()).header("Forwarded", "for=\"[2001:db8::2]\";proto=http");
            neighbour.open("/continue");
            assertEquals(422, neighbour.post("/continue", "code", "1111-1111-1111").status(),
                "another address has attempts of its own");

            clock.advance(Duration.ofMinutes(16));
            Page later = guesser.post("/continue", "code", code);
            assertEquals(303, later.status(), "the window has passed: " + later);
        }
    }

    @Test
    void aCodeExpiresAfterTheConfiguredTime() throws Exception
    {
        MovableClock clock = new MovableClock();
        try (TestNodes nodes = new TestNodes())
        {
            ContinueLaterSettings hour = new ContinueLaterSettings(Duration.ofHours(1), 10, Duration.ofMinutes(15));
            WebNode node = nodes.start(0, postgres(nodes, "exp1"), hour, clock);
            String kept = saveSurveyDraft(node);
            String expired = saveSurveyDraft(node);
            clock.advance(Duration.ofMinutes(59));
            Browser browser = new Browser(node.uri());
            browser.open("/continue");
            assertEquals(303, browser.post("/continue", "code", kept).status(), "still valid after 59 minutes");
            clock.advance(Duration.ofMinutes(2));
            Browser late = new Browser(node.uri());
            late.open("/continue");
            Page page = late.post("/continue", "code", expired);
            assertEquals(422, page.status(), page::toString);
            assertTrue(page.body().contains("have expired"), page::toString);
        }
    }

    @Test
    void inMemoryModeTheDraftOutlivesTheNodeThatSavedIt() throws Exception
    {
        try (TestNodes nodes = new TestNodes())
        {
            WebNode before = nodes.memory("mem1", 0);
            int port = before.port();
            String code = saveSurveyDraft(before);
            before.close();
            WebNode after = nodes.memory("mem1", port);
            Browser browser = new Browser(after.uri());
            browser.open("/continue");
            Page restored = browser.post("/continue", "code", code);
            assertEquals(303, restored.status(), restored::toString);
            assertEquals("/survey", restored.location());
            Page start = browser.open("/survey");
            assertTrue(start.body().contains("Continue on page 3"), start::toString);
            assertTrue(browser.open("/survey/page/3").body().contains("Quick to find"), "the answer of page 3 is back");
        }
    }

    @Test
    void theExpiredSessionNoticeOffersTheWayBack() throws Exception
    {
        try (TestNodes nodes = new TestNodes())
        {
            WebNode node = nodes.postgres("gone1");
            Browser browser = new Browser(node.uri());
            browser.useSessionId("long-gone.gone1");
            Page page = browser.open("/order/customer");
            assertTrue(page.body().contains("Your session expired"), page::toString);
            assertTrue(page.body().contains("href=\"/continue\">Saved your answers with"), page::toString);
        }
    }

    @Test
    void settingsAreReadAndCheckedLikeTheOthers()
    {
        ContinueLaterSettings parsed = ContinueLaterSettings.parse(
            java.util.Map.of("continue-later-valid-for", "12h"), java.util.Map.of("CONTINUE_LATER_ATTEMPTS", "5"));
        assertEquals(Duration.ofHours(12), parsed.validFor());
        assertEquals(5, parsed.attempts());
        assertEquals(ContinueLaterSettings.DEFAULTS,
            ContinueLaterSettings.parse(java.util.Map.of(), java.util.Map.of()));
        org.junit.jupiter.api.Assertions.assertThrows(dev.sessionfarm.session.config.ConfigException.class,
            () -> ContinueLaterSettings.parse(java.util.Map.of("continue-later-valid-for", "0d"), java.util.Map.of()));
    }

    @Test
    void codesAreReadAsPeopleCopyThem()
    {
        String code = ResumeCode.generate();
        assertTrue(code.matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"), code);
        assertEquals("0123ABCD1111", ResumeCode.normalize(" o123-abcd-ilIL ").orElseThrow());
        assertTrue(ResumeCode.normalize("0123-ABCD-111").isEmpty(), "too short");
        assertTrue(ResumeCode.normalize("0123-ABCD-111U").isEmpty(), "U is not a symbol");
    }

    /** Pages 1 and 2 of the survey answered and page 3 begun, saved with "Continue later"; returns the code. */
    private static String saveSurveyDraft(WebNode node) throws Exception
    {
        Browser browser = new Browser(node.uri());
        browser.open("/survey/page/1");
        browser.submit("/survey/page/1", "q.heard", "o1", "nav", "next");
        browser.submit("/survey/page/2", "q.frequency", "o2", "q.devices", "o1", "nav", "next");
        return code(browser.submit("/survey/page/3", "q.missing", "Quick to find", "nav", "later"));
    }

    private static SessionSettings postgres(TestNodes nodes, String name)
    {
        return SessionSettings.builder().set(SessionSetting.MODE, PostgresStoreProvider.MODE)
            .set(PostgresSettings.JDBC_URL, nodes.jdbcUrl()).set(SessionSetting.WORKER_NAME, name).build();
    }

    private static String code(Page page)
    {
        Matcher m = CODE.matcher(page.body());
        assertTrue(m.find(), () -> "no code on " + page);
        return m.group(1);
    }

    private static long count(TestNodes nodes, String sql) throws Exception
    {
        try (var c = nodes.database().getConnection(); var rows = c.createStatement().executeQuery(sql))
        {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static final class MovableClock extends Clock
    {
        private volatile Instant now = Instant.now();

        void advance(Duration by)
        {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone()
        {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone)
        {
            return this;
        }

        @Override
        public Instant instant()
        {
            return now;
        }
    }
}
