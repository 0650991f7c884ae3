package dev.sessionfarm.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import dev.sessionfarm.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one save costs inside PostgreSQL, counted by the database itself: the scans of the attribute table that
 * {@code farm_session_save} starts, per save, read from {@code pg_stat_xact_user_tables} in the saving transaction.
 */
class PostgresSaveCostTest
{
    private static final String SAVE = "SELECT new_version, conflicts FROM farm_session_save('cost', ?, ?, ?,"
        + " 1, 2, 1, 1, 60000, 99999999999, 'n', ?, ?, ?)";
    private static final int SAVES = 50;
    private static String jdbcUrl;

    @BeforeAll
    static void database()
    {
        jdbcUrl = TestPostgres.shared().newDatabase();
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(jdbcUrl);
        SchemaMigrations.migrate(source, Schema.SESSION);
    }

    @Test
    void aDeltaSaveWithNoOtherWriterBetweenDoesNotLookForConflicts() throws Exception
    {
        try (Connection c = DriverManager.getConnection(jdbcUrl))
        {
            c.setAutoCommit(false);
            long version = save(c, "s1", true, 0, new String[] {"a", "b", "c"}, new String[0]).version();
            c.commit();
            long scans = attributeScans(c);
            int conflicts = 0;
            for (int i = 0; i < SAVES; i++)
            {
                Result result = save(c, "s1", false, version, new String[] {"a"}, new String[0]);
                version = result.version();
                conflicts += result.conflicts();
            }
            double perSave = (attributeScans(c) - scans) / (double)SAVES;
            c.commit();

            // A writer that loaded version 1 while the saves above went on: its change of "a" is a conflict, its
            // removal of "b" (last written by version 1) is not.
            Result late = save(c, "s1", false, 1, new String[] {"a"}, new String[] {"b"});
            c.commit();
            System.out.printf("farm_session_save: %.1f scans of farm_session_attribute per one-attribute delta save%n",
                perSave);
            assertEquals(0, conflicts);
            assertEquals(1, late.conflicts(), "only a was written after version 1");
            assertTrue(perSave <= 1.0, "scans per save: " + perSave);
        }
    }

    private record Result(long version, int conflicts)
    {
    }

    private static Result save(Connection c, String id, boolean replace, long base, String[] names, String[] removed)
        throws Exception
    {
        try (PreparedStatement ps = c.prepareStatement(SAVE))
        {
            byte[][] values = new byte[names.length][];
            for (int i = 0; i < names.length; i++)
                values[i] = new byte[] {1, 0, (byte)i};
            ps.setString(1, id);
            ps.setBoolean(2, replace);
            ps.setLong(3, base);
            ps.setArray(4, c.createArrayOf("text", names));
            ps.setArray(5, c.createArrayOf("bytea", values));
            ps.setArray(6, c.createArrayOf("text", removed));
            try (ResultSet rs = ps.executeQuery())
            {
                rs.next();
                return new Result(rs.getLong(1), rs.getInt(2));
            }
        }
    }

    private static long attributeScans(Connection c) throws Exception
    {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(seq_scan, 0)"
            + " + coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables WHERE relname = 'farm_session_attribute'"))
        {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
