package dev.sessionfarm.webapp.survey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

import dev.sessionfarm.webapp.node.DemoDatabase;

/**
 * Stores completed surveys: a {@code demo_survey_response} row and one answer row per value. The draft id
 * (submission token) is unique in the table, so a draft is stored once however many submits of it race each other.
 */
public final class SurveyRepository
{
    /** A second insert of a draft waits for the first one's transaction, then inserts nothing. */
    private static final String INSERT_RESPONSE =
        "INSERT INTO demo_survey_response (draft_id, node) VALUES (?, ?) ON CONFLICT (draft_id) DO NOTHING RETURNING id";
    private static final String INSERT_ANSWER =
        "INSERT INTO demo_survey_answer (response_id, question, position, answer) VALUES (?, ?, ?, ?)";
    private static final String RESPONSE_OF_DRAFT = "SELECT id FROM demo_survey_response WHERE draft_id = ?";
    private static final String RECEIPT_OF_DRAFT = """
        SELECT r.id, count(a.response_id)
          FROM demo_survey_response r LEFT JOIN demo_survey_answer a ON a.response_id = r.id
         WHERE r.draft_id = ?
         GROUP BY r.id""";

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
                DemoDatabase.rollback(c, e);
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
        try (PreparedStatement s = c.prepareStatement(INSERT_RESPONSE))
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
        try (PreparedStatement s = c.prepareStatement(INSERT_ANSWER))
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
        try (PreparedStatement s = c.prepareStatement(RESPONSE_OF_DRAFT))
        {
            s.setObject(1, draftId);
            try (ResultSet rows = s.executeQuery())
            {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** What the thank-you page showed for the response stored from this draft, if one was. */
    Optional<SurveyReceipt> receiptOf(UUID draftId)
    {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement(RECEIPT_OF_DRAFT))
        {
            s.setObject(1, draftId);
            try (ResultSet rows = s.executeQuery())
            {
                if (!rows.next())
                    return Optional.empty();
                return Optional.of(new SurveyReceipt(rows.getLong(1), rows.getInt(2)));
            }
        }
        catch (SQLException e)
        {
            throw DemoDatabase.unavailable("looking up stored survey answers", e);
        }
    }
}
