package dev.sessionfarm.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import dev.sessionfarm.embeddedpg.PostgresBinaries;
import dev.sessionfarm.process.ChildProcess;
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

            try (ChildProcess node = ChildProcess.java(MigrateCommand.class.getName())
                .args("--jdbc-url=" + url, "--schema=session").start())
            {
                await().atMost(Duration.ofSeconds(60)).until(() -> waitersOnAdvisoryLocks(holder) == 1);
                assertFalse(historyTableExists(holder),
                    "nothing may be migrated while another migration holds the lock");

                lock(holder, "SELECT pg_advisory_unlock(?)");
                assertEquals(0, node.awaitExit(Duration.ofSeconds(60)), node.tail());
                assertTrue(node.lines().stream().anyMatch(line -> line.contains("applied 2 migration(s)")),
                    node.tail());
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
