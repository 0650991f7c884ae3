package dev.sessionfarm.migrations;

/**
 * A set of migrations with its own Flyway history table, so the session tables and the demo's tables are
 * versioned independently and can share one database (or live apart).
 */
public enum Schema
{
    SESSION("session", "classpath:db/migration/session", "farm_session_schema_history"),
    DEMO("demo", "classpath:db/migration/demo", "farm_demo_schema_history");

    private final String label;
    private final String location;
    private final String historyTable;

    Schema(String label, String location, String historyTable)
    {
        this.label = label;
        this.location = location;
        this.historyTable = historyTable;
    }

    public String label()
    {
        return label;
    }

    String location()
    {
        return location;
    }

    String historyTable()
    {
        return historyTable;
    }
}
