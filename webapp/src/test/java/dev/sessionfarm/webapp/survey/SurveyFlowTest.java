package dev.sessionfarm.webapp.survey;

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

/** The survey over HTTP through two postgres-mode nodes, alternating between them. */
class SurveyFlowTest
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

    /** Answers for every page: required ones always, a few optional ones too. */
    private static final String[][] ANSWERS = {
        {"q.heard", "o2", "q.age", "o3"},
        {"q.frequency", "o1", "q.devices", "o1", "q.devices", "o3"},
        {"q.range", "4", "q.missing", "Oolong, please"},
        {"q.findability", "5"},
        {"q.checkout", "3", "q.problems", ""},
        {"q.deliveryPreference", "o4", "q.deliverySpeed", "2"},
        {"q.paymentMethods", "o2", "q.paymentMethods", "o4"},
        {"q.contactedSupport", "o2"},
        {"q.recommend", "9", "q.anythingElse", "Keep the <b>kettles</b> coming"},
    };

    @Test
    void ninePagesBackAndNextThenTheAnswersAreStored() throws Exception
    {
        Browser browser = new Browser(a.uri());
        Page start = browser.open("/survey");
        assertTrue(start.body().contains("Start the survey"), start::toString);

        Page page = browser.open("/survey/page/1");
        for (int n = 1; n <= ANSWERS.length; n++)
        {
            assertTrue(page.body().contains("Page " + n + " of 9"), page::toString);
            assertTrue(page.body().contains("<progress id=\"progress\" value=\"" + n + "\" max=\"9\""), page::toString);
            String[] fields = with(ANSWERS[n - 1], "nav", "next");
            browser.at(n % 2 == 0 ? b.uri() : a.uri());
            if (n == 3)
            {
                // Back from page 3 keeps its answers; page 2 still shows its own.
                Page two = browser.submit("/survey/page/3", with(ANSWERS[2], "nav", "back"));
                assertTrue(two.body().contains("Page 2 of 9"), two::toString);
                assertTrue(two.body().contains("value=\"o3\" checked"), two::toString);
                Page three = browser.submit("/survey/page/2", with(ANSWERS[1], "nav", "next"));
                assertTrue(three.body().contains("Oolong, please"), three::toString);
            }
            if (n < ANSWERS.length)
            {
                page = browser.submit("/survey/page/" + n, fields);
                continue;
            }
            String before = browser.sessionId();
            Page sent = browser.post("/survey/page/9", fields);
            assertEquals("/survey/done", sent.location(), sent::toString);
            assertNotEquals(before, browser.sessionId(), "sending the answers gives the session a new id");
            page = browser.open(sent.location());
        }
        assertTrue(page.body().contains("Thank you!"), page::toString);
        long response = Long.parseLong(page.body().replaceAll("(?s).*response number (\\d+).*", "$1"));

        try (Connection c = nodes.database().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT question, answer FROM demo_survey_answer "
                 + "WHERE response_id = ? ORDER BY question, position"))
        {
            s.setLong(1, response);
            List<String> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery())
            {
                while (r.next())
                    rows.add(r.getString(1) + "=" + r.getString(2));
            }
            assertTrue(rows.containsAll(List.of("devices=Phone", "devices=Laptop", "heard=A search engine",
                "missing=Oolong, please", "recommend=9", "anythingElse=Keep the <b>kettles</b> coming",
                "paymentMethods=Card", "paymentMethods=Mobile payment")), rows::toString);
            assertEquals(16, rows.size(), rows::toString);
        }
        Page again = browser.open("/survey");
        assertTrue(again.body().contains("Start the survey"), "answers sent are no longer in progress");
    }

    @Test
    void nextNeedsTheRequiredAnswersAndKeepsTheOthers() throws Exception
    {
        Browser browser = new Browser(b.uri());
        browser.open("/survey/page/1");
        browser.submit("/survey/page/1", "q.heard", "o1", "nav", "next");
        Page page = browser.post("/survey/page/2", "q.frequency", "o3", "nav", "next");
        assertEquals(422, page.status());
        assertTrue(page.body().contains("Please tick at least one."), page::toString);
        assertTrue(page.body().contains("value=\"o3\" checked"), "the answer given is kept");
        AccessibleErrors.assertOn(page, "q.devices");
        Page tampered = browser.post("/survey/page/2", "q.frequency", "o99", "nav", "back");
        assertEquals(422, tampered.status());
        assertTrue(tampered.body().contains("Please choose from the options shown."), tampered::toString);
    }

    @Test
    void leavingAndComingBackResumesOnTheFirstUnfinishedPage() throws Exception
    {
        Browser browser = new Browser(a.uri());
        browser.open("/survey/page/1");
        browser.submit("/survey/page/1", with(ANSWERS[0], "nav", "next"));
        browser.submit("/survey/page/2", with(ANSWERS[1], "nav", "next"));
        Page start = browser.at(b.uri()).open("/survey");
        assertTrue(start.body().contains("Continue on page 3"), start::toString);
        Page restarted = browser.submit("/survey/restart");
        assertTrue(restarted.body().contains("Page 1 of 9") && !restarted.body().contains("checked"),
            restarted::toString);
    }

    @Test
    void autosaveStoresAPageAsTypedAndAnswersWithJson() throws Exception
    {
        Browser browser = new Browser(a.uri());
        browser.open("/survey/page/1");
        Page saved = browser.at(b.uri()).post("/survey/autosave/3", "q.missing", "Rooibos");
        assertEquals(200, saved.status(), saved::toString);
        assertTrue(saved.body().matches("\\{\"page\":3,\"saved\":true,\"node\":\"nodeB\",\"loadedVersion\":\\d+}"),
            saved::toString);
        Page three = browser.at(a.uri()).open("/survey/page/3");
        assertTrue(three.body().contains(">Rooibos</textarea>"), "not required yet, but kept: " + three);
        Page tampered = browser.post("/survey/autosave/3", "q.range", "11");
        assertEquals(422, tampered.status());
        assertTrue(tampered.body().contains("\"saved\":false") && tampered.body().contains("q.range"),
            tampered::toString);
        assertEquals(404, browser.post("/survey/autosave/10", "q.range", "1").status());
    }

    /** Autosave is called by a page script, which cannot read an HTML error page. */
    @Test
    void autosaveWithoutTheTokenIsRefusedWithJson() throws Exception
    {
        Browser browser = new Browser(a.uri());
        browser.open("/survey/page/3");
        Page refused = browser.postRaw("/survey/autosave/3", Browser.form("q.missing", "Rooibos"));
        assertEquals(403, refused.status(), refused::toString);
        assertEquals("{\"saved\":false,\"error\":\"csrf-token\"}", refused.body());
    }

    @Test
    void anOversizedAutosaveIsRefusedWithJson() throws Exception
    {
        Browser browser = new Browser(a.uri());
        browser.open("/survey/page/3");
        Page tooLarge = browser.post("/survey/autosave/3", "q.missing", "x".repeat(WebNode.MAX_FORM_BYTES + 1));
        assertEquals(413, tooLarge.status(), tooLarge::toString);
        assertEquals("{\"saved\":false,\"error\":\"too-large\"}", tooLarge.body());
    }

    /** A page script cannot follow a redirect to a page: it is told, and the person sees the notice on reload. */
    @Test
    void autosaveOfAGoneSessionAnswersJson() throws Exception
    {
        Browser browser = new Browser(a.uri());
        browser.open("/survey/page/3");
        browser.useSessionId("no-such-session.nodeA");
        Page expired = browser.post("/survey/autosave/3", "q.missing", "Rooibos");
        assertEquals(410, expired.status(), expired::toString);
        assertEquals("{\"saved\":false,\"error\":\"session-expired\"}", expired.body());
        Page reloaded = browser.open("/survey/page/3");
        assertTrue(reloaded.body().contains("Your session expired; please start again."), "the page still says so: "
            + reloaded);
    }

    /**
     * The answer to "Send answers" never arrived (here: the person kept a copy of the cookie jar from before), so the
     * button is pressed again with the old cookie, whose session was renamed and no longer exists.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgres", "memory"})
    void sendingAgainWithTheCookieFromBeforeShowsTheSameThankYou(String mode) throws Exception
    {
        boolean memory = mode.equals("memory");
        Browser browser = new Browser(memory ? inMemory.uri() : a.uri());
        Page last = browser.open("/survey/page/1");
        for (int n = 1; n < ANSWERS.length; n++)
            last = browser.submit("/survey/page/" + n, with(ANSWERS[n - 1], "nav", "next"));
        assertTrue(last.body().contains("Page 9 of 9"), last::toString);
        String submission = last.hidden("submission");
        String before = browser.sessionId();
        Browser copy = browser.copy();
        String tag = "Sent twice in " + mode + " mode";
        String[] fields = {"q.recommend", "9", "q.anythingElse", tag, "submission", submission, "nav", "next"};

        Page sent = browser.at(memory ? inMemory.uri() : b.uri()).post("/survey/page/9", fields);
        assertEquals("/survey/done", sent.location(), sent::toString);
        String thanks = browser.open(sent.location()).body().replaceAll("(?s).*(Your \\d+ answers are stored as "
            + "response number \\d+).*", "$1");

        Page again = copy.post("/survey/page/9", fields);
        assertEquals("/survey/done", again.location(), again::toString);
        Page shown = copy.open(again.location());
        assertTrue(shown.body().contains(thanks), thanks + " expected in " + shown);
        assertFalse(shown.body().contains("Your session"), shown::toString);
        assertNotEquals(before, copy.sessionId(), "the renamed session's old id stays dead");
        assertEquals(1, responsesAnswering(tag));
    }

    private static int responsesAnswering(String anythingElse) throws Exception
    {
        try (Connection c = nodes.database().getConnection();
             PreparedStatement s = c.prepareStatement(
                 "SELECT count(*) FROM demo_survey_answer WHERE question = 'anythingElse' AND answer = ?"))
        {
            s.setString(1, anythingElse);
            try (ResultSet r = s.executeQuery())
            {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static String[] with(String[] fields, String... more)
    {
        String[] all = new String[fields.length + more.length];
        System.arraycopy(fields, 0, all, 0, fields.length);
        System.arraycopy(more, 0, all, fields.length, more.length);
        return all;
    }
}
