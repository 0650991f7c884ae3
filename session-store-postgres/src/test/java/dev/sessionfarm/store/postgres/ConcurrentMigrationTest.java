package dev.sessionfarm.store.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.sessionfarm.embeddedpg.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A farm's nodes start together and each migrates the same database. Flyway alone lets two of them race to create
 * and baseline the history table (seen when the demo farm started three nodes at once), so migrations take turns
 * under a PostgreSQL advisory lock: a migration waits while another holds it.
 */
class ConcurrentMigrationTest
{
    @Test
    void aMigrationWaitsForTheOneInProgressThenFindsNothingLeftToDo() throws Exception
    {
        try (EmbeddedPostgres postgres =
            PostgresBinaries.builder(System.out::println).setServerConfig("fsync", "off").start();
             Connection holder = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres")))
        {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            lock(holder, "SELECT pg_advisory_lock(?)");

            Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MigrateCommand.class.getName(),
                "--jdbc-url=" + url, "--schema=session").redirectErrorStream(true).start();
            try
            {
                await().atMost(Duration.ofSeconds(60)).until(() -> waitersOnAdvisoryLocks(holder) == 1);
                assertFalse(historyTableExists(holder),
                    "nothing may be migrated while another migration holds the lock");

                lock(holder, "SELECT pg_advisory_unlock(?)");
                String output = new String(node.getInputStream().readAllBytes());
                assertTrue(node.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, node.exitValue(), output);
                assertTrue(output.contains("applied 2 migration(s)"), output);
            }
            finally
            {
                node.destroyForcibly();
            }
        }
    }

    private static void lock(Connection connection, String sql) throws Exception
    {
        try (PreparedStatement statement = connection.prepareStatement(sql))
        {
            statement.setLong(1, SchemaMigrations.lockKey(Schema.SESSION));
            statement.execute();
        }
    }

    private static int waitersOnAdvisoryLocks(Connection connection) throws Exception
    {
        try (ResultSet rs = connection.createStatement().executeQuery(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))
        {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean historyTableExists(Connection connection) throws Exception
    {
        try (ResultSet rs = connection.createStatement().executeQuery(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'farm_session_schema_history'"))
        {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }
}
