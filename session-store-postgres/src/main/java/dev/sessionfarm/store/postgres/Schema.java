package dev.sessionfarm.store.postgres;

/**
 * A set of migrations with its own Flyway history table, so that sets are versioned independently and can share
 * one database (or live apart): the session tables, and beside them an application's own (the demo's).
 */
public record Schema(String label, String location, String historyTable)
{
    public static final Schema SESSION = new Schema("session", "classpath:db/migration/session",
        "farm_session_schema_history");
}
