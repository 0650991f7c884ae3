package dev.sessionfarm.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies a {@link Schema}'s Flyway migrations. Applying them again is a no-op. Nodes of a farm that start together
 * all migrate; a PostgreSQL advisory lock makes them take turns, since Flyway's own lock does not cover creating
 * and baselining the history table. The data source must be able to hand out two connections at once.
 */
public final class SchemaMigrations
{
    private static final String LOCK = "SELECT pg_advisory_lock(?)";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(?)";
    /** Tags our advisory lock keys so that they do not collide with an application's. */
    private static final long LOCK_NAMESPACE = 0x5346_0000_0000_0000L;

    private SchemaMigrations()
    {
    }

    /** What one run did, in words an operator can read. */
    public record Outcome(Schema schema, String versionBefore, String versionAfter, List<String> applied)
    {
        public String describe()
        {
            if (applied.isEmpty())
                return schema.label() + " schema: up to date at version " + versionAfter + ", nothing to apply";
            return schema.label() + " schema: applied " + applied.size() + " migration(s) "
                + String.join(", ", applied) + "; version " + versionBefore + " -> " + versionAfter;
        }
    }

    public static Outcome migrate(DataSource dataSource, Schema schema)
    {
        long key = lockKey(schema);
        try (Connection lock = dataSource.getConnection())
        {
            execute(lock, LOCK, key);
            try
            {
                return migrateLocked(dataSource, schema);
            }
            finally
            {
                execute(lock, UNLOCK, key);
            }
        }
        catch (SQLException e)
        {
            throw new IllegalStateException("Cannot take the migration lock for the " + schema.label() + " schema: "
                + e.getMessage(), e);
        }
    }

    static long lockKey(Schema schema)
    {
        return LOCK_NAMESPACE | (schema.historyTable().hashCode() & 0xFFFF_FFFFL);
    }

    private static void execute(Connection connection, String sql, long key) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(sql))
        {
            statement.setLong(1, key);
            statement.execute();
        }
    }

    private static Outcome migrateLocked(DataSource dataSource, Schema schema)
    {
        Flyway flyway = Flyway.configure()
            .dataSource(dataSource)
            .locations(schema.location())
            .table(schema.historyTable())
            // Other tables (the application's, or another Schema's) may already be there: start from 0.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
        MigrateResult result = flyway.migrate();
        List<String> applied = result.migrations.stream()
            .map(m -> "V" + m.version + " " + m.description)
            .toList();
        String after = result.targetSchemaVersion != null ? result.targetSchemaVersion : current(flyway);
        String before = result.initialSchemaVersion != null ? result.initialSchemaVersion : "none";
        return new Outcome(schema, before, after, applied);
    }

    private static String current(Flyway flyway)
    {
        var current = flyway.info().current();
        return current == null || current.getVersion() == null ? "none" : current.getVersion().getVersion();
    }
}
