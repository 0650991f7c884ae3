package dev.sessionfarm.store.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import dev.sessionfarm.embeddedpg.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrateCommandTest
{
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws IOException
    {
        postgres = PostgresBinaries.builder(System.out::println).setServerConfig("fsync", "off").start();
    }

    @AfterAll
    static void stop() throws IOException
    {
        postgres.close();
    }

    private record Run(int exit, String out, String err)
    {
    }

    private static Run migrate(String... args)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MigrateCommand.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void appliesTheSessionSchemaOnceAndThenDoesNothing() throws Exception
    {
        String url = postgres.getJdbcUrl("postgres", "postgres");

        Run first = migrate("--jdbc-url=" + url, "--schema=session");
        assertEquals(0, first.exit(), first.err());
        assertTrue(
            first.out()
                .contains("session schema: applied 2 migration(s) V1 session tables, V2 save without needless scans"),
            first.out());

        Run again = migrate("--jdbc-url=" + url, "--schema=session");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("session schema: up to date at version 2, nothing to apply"), again.out());

        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery(
                 "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('farm_session', 'farm_session_attribute')"))
        {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }

    @Test
    void saysWhatIsWrongWithoutAUrlOrWithAnUnreachableDatabase() throws IOException
    {
        Run noUrl = migrate();
        assertEquals(2, noUrl.exit());
        assertTrue(noUrl.err().contains("--jdbc-url is required"), noUrl.err());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0))
        {
            closedPort = socket.getLocalPort();
        }
        String unreachable = "jdbc:postgresql://127.0.0.1:" + closedPort + "/nowhere";
        Run down = migrate("--jdbc-url=" + unreachable);
        assertEquals(1, down.exit());
        assertTrue(down.err().contains("failed against " + unreachable), down.err());

        Run unknown = migrate("--jdbc-url=" + unreachable, "--schema=everything");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("--schema=everything is not known"), unknown.err());
    }

    @Test
    void helpListsTheOptions()
    {
        Run help = migrate("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--jdbc-url") && help.out().contains("--schema"), help.out());
    }
}
