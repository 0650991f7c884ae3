package dev.sessionfarm.migrations;

import java.util.List;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies a {@link Schema}'s Flyway migrations. Applying them again is a no-op. */
public final class SchemaMigrations
{
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
