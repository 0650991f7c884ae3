package dev.sessionfarm.webapp.web;

import java.time.Duration;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.Durability;
import dev.sessionfarm.store.postgres.PostgresSettings;
import dev.sessionfarm.store.postgres.PostgresStoreProvider;
import dev.sessionfarm.testing.TestPostgres;
import dev.sessionfarm.webapp.node.WebNode;
import dev.sessionfarm.webapp.testing.Browser;
import dev.sessionfarm.webapp.testing.Browser.Page;
import dev.sessionfarm.webapp.testing.TestNodes;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a person is told when their session is gone, or the store cannot be reached: never a bare 500. */
class SessionLossTest
{
    @Test
    void inMemoryModeARestartedNodeSaysTheSessionWasLost() throws Exception
    {
        try (TestNodes nodes = new TestNodes())
        {
            WebNode before = nodes.memory("mem1", 0);
            Browser browser = new Browser(before.uri());
            browser.open("/order");
            browser.submit("/order/customer", "name", "Barbara Liskov", "email", "bl@example.com", "nav", "next");
            int port = before.port();
            before.close();

            WebNode after = nodes.memory("mem1", port);
            Page page = browser.post("/order/shipping", "street", "Main 1", "nav", "next");
            assertEquals(303, page.status(), "the lost session's form is not applied, the page is shown again");
            Page shown = browser.open(page.location());
            assertTrue(shown.body().contains("Your session was lost: this farm runs in memory mode"), shown::toString);
            assertFalse(shown.body().contains("Barbara"), shown::toString);
            assertFalse(browser.open("/order").body().contains("session was lost"), "the notice is shown once");
            after.close();
        }
    }

    @Test
    void withAStoreAnUnknownSessionHasExpired() throws Exception
    {
        try (TestNodes nodes = new TestNodes())
        {
            WebNode node = nodes.postgres("pg1");
            Browser browser = new Browser(node.uri());
            browser.useSessionId("no-such-session.pg1");
            Page page = browser.open("/survey/page/4");
            assertEquals(200, page.status());
            assertTrue(page.body().contains("Your session expired; please start again."), page::toString);

            Browser onHome = new Browser(node.uri());
            onHome.useSessionId("another-gone-session.pg1");
            assertTrue(onHome.open("/").body().contains("Your session expired"), "the start page says so too");
        }
    }

    @Test
    void aStoreOutageShowsThe503PageAndTheSessionIsBackWithTheStore() throws Exception
    {
        try (TestPostgres store = TestPostgres.own(); TestNodes nodes = new TestNodes())
        {
            String sessions = store.newDatabase();
            WebNode node = nodes.start("outage", 0, SessionSettings.builder()
                .set(SessionSetting.MODE, PostgresStoreProvider.MODE).set(PostgresSettings.JDBC_URL, sessions)
                .set(SessionSetting.WORKER_NAME, "outage").set(SessionSetting.CONNECT_TIMEOUT, "1s").build());
            Browser browser = new Browser(node.uri());
            browser.open("/order");
            browser.submit("/order/customer", "name", "Frances Allen", "email", "fa@example.com", "nav", "next");

            store.stop();
            Page down = browser.get("/order/customer");
            assertEquals(503, down.status(), down::toString);
            // The test database runs with fsync and synchronous_commit off: the page must not promise more.
            assertTrue(down.body().contains("<title>Please try again in a moment"), down::toString);
            assertTrue(down.body().contains(Durability.WRITTEN_SOON.promise()), down::toString);
            assertFalse(down.body().contains("Answers you already saved are safe"), down::toString);
            assertFalse(down.body().contains("Exception"), down::toString);

            store.start();
            // The node's pool reconnects by itself: no restart, no new session.
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.get("/order/customer").status() == 200);
            Page back = browser.open("/order/customer");
            assertTrue(back.body().contains("value=\"Frances Allen\""), back::toString);
        }
    }
}
