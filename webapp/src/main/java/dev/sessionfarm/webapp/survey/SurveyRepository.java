package dev.sessionfarm.webapp.survey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import dev.sessionfarm.webapp.node.DemoDatabase;

/** Stores completed surveys: a {@code demo_survey_response} row and one answer row per value. */
public final class SurveyRepository
{
    private final DataSource database;

    public SurveyRepository(DataSource database)
    {
        this.database = database;
    }

    record Answer(String question, int position, String value)
    {
    }

    /** Stores the answers and returns the response's number; the same draft stored again returns the first one's. */
    long store(UUID draftId, String node, List<Answer> answers)
    {
        try (Connection c = database.getConnection())
        {
            c.setAutoCommit(false);
            try
            {
                long id = insert(c, draftId, node, answers);
                c.commit();
                return id;
            }
            catch (SQLException | RuntimeException e)
            {
                c.rollback();
                throw e;
            }
        }
        catch (SQLException e)
        {
            throw DemoDatabase.unavailable("storing survey answers", e);
        }
    }

    private static long insert(Connection c, UUID draftId, String node, List<Answer> answers) throws SQLException
    {
        long id;
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO demo_survey_response (draft_id, node) VALUES (?, ?) ON CONFLICT (draft_id) DO NOTHING RETURNING id"))
        {
            s.setObject(1, draftId);
            s.setString(2, node);
            try (ResultSet rows = s.executeQuery())
            {
                if (!rows.next())
                    return existing(c, draftId);
                id = rows.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO demo_survey_answer (response_id, question, position, answer) VALUES (?, ?, ?, ?)"))
        {
            for (Answer answer : answers)
            {
                s.setLong(1, id);
                s.setString(2, answer.question());
                s.setInt(3, answer.position());
                s.setString(4, answer.value());
                s.addBatch();
            }
            s.executeBatch();
        }
        return id;
    }

    private static long existing(Connection c, UUID draftId) throws SQLException
    {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM demo_survey_response WHERE draft_id = ?"))
        {
            s.setObject(1, draftId);
            try (ResultSet rows = s.executeQuery())
            {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
