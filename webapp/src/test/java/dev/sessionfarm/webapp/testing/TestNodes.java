package dev.sessionfarm.webapp.testing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.store.postgres.PostgresSettings;
import dev.sessionfarm.store.postgres.PostgresStoreProvider;
import dev.sessionfarm.testing.TestPostgres;
import dev.sessionfarm.webapp.node.DemoDatabase;
import dev.sessionfarm.webapp.node.WebNode;
import dev.sessionfarm.webapp.resume.ContinueLaterSettings;
import dev.sessionfarm.webapp.web.FinalSubmitPause;

/** Web nodes in the test's JVM on free loopback ports, over one fresh demo database; closes all it started. */
public final class TestNodes implements AutoCloseable
{
    private final String jdbcUrl;
    private final HikariDataSource database;
    private final List<WebNode> started = new ArrayList<>();

    public TestNodes()
    {
        this(TestPostgres.shared().newDatabase());
    }

    public TestNodes(String jdbcUrl)
    {
        this.jdbcUrl = jdbcUrl;
        this.database = DemoDatabase.open(jdbcUrl, "test");
    }

    public String jdbcUrl()
    {
        return jdbcUrl;
    }

    public HikariDataSource database()
    {
        return database;
    }

    /** A node keeping sessions in the demo database (postgres mode). */
    public WebNode postgres(String name) throws Exception
    {
        return start(name, 0, SessionSettings.builder().set(SessionSetting.MODE, PostgresStoreProvider.MODE)
            .set(PostgresSettings.JDBC_URL, jdbcUrl).set(SessionSetting.WORKER_NAME, name).build());
    }

    public WebNode memory(String name, int port) throws Exception
    {
        return start(name, port, SessionSettings.builder().set(SessionSetting.WORKER_NAME, name).build());
    }

    /** A node with these "continue later" settings, whose codes expire by {@code clock}. */
    public WebNode start(int port, SessionSettings sessions, ContinueLaterSettings later, Clock clock) throws Exception
    {
        WebNode node = WebNode.start("127.0.0.1", port, sessions, database, FinalSubmitPause.NONE, later, clock);
        started.add(node);
        return node;
    }

    public WebNode start(String name, int port, SessionSettings sessions) throws Exception
    {
        WebNode node = WebNode.start("127.0.0.1", port, sessions, database);
        started.add(node);
        return node;
    }

    @Override
    public void close() throws Exception
    {
        for (WebNode node : started)
            node.close();
        database.close();
    }
}
