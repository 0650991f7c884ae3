package dev.sessionfarm.e2e.users;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What the shop stored when forms were submitted: the demo's order and survey tables, read directly. */
public final class ShopRecords
{
    private static final String FIRST_ORDER_OF_EMAIL =
        "SELECT node, draft_id, confirmation FROM demo_order WHERE email = ? ORDER BY id LIMIT 1";
    private static final String FIRST_RESPONSE_TAGGED = """
        SELECT node, draft_id, id FROM demo_survey_response
         WHERE id = (SELECT min(response_id) FROM demo_survey_answer WHERE answer LIKE ?)""";

    private final String jdbcUrl;

    /** @param jdbcUrl the demo database, e.g. {@code Database.jdbcUrl()} */
    public ShopRecords(String jdbcUrl)
    {
        this.jdbcUrl = jdbcUrl;
    }

    /** An order row and its lines (SKU to quantity, in line order). */
    public record StoredOrder(String confirmation, Map<String, String> fields, Map<String, Integer> lines)
    {
    }

    /**
     * A stored final submit: the node that stored it, its draft id (submission token), and what its confirmation
     * shows (the order's confirmation number, the survey response's number).
     */
    public record Submission(String node, String draftId, String shown)
    {
    }

    /** The first order placed with this email address, if there is one yet. */
    public Optional<Submission> orderOf(String email)
    {
        return first(FIRST_ORDER_OF_EMAIL, email);
    }

    /** The first survey response with an answer tagged {@code tag} (see {@link #surveysTagged}), if there is one yet. */
    public Optional<Submission> surveyTagged(String tag)
    {
        return first(FIRST_RESPONSE_TAGGED, likeTagged(tag));
    }

    private Optional<Submission> first(String query, String parameter)
    {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement s = c.prepareStatement(query))
        {
            s.setString(1, parameter);
            try (ResultSet rows = s.executeQuery())
            {
                return rows.next()
                    ? Optional.of(new Submission(rows.getString(1), rows.getString(2), rows.getString(3)))
                    : Optional.empty();
            }
        }
        catch (SQLException e)
        {
            throw new IllegalStateException("Cannot read the submission of " + parameter, e);
        }
    }

    private static String likeTagged(String tag)
    {
        return tag.replace("%", "\\%").replace("_", "\\_") + " %";
    }

    /** Every order placed with this email address (the tests give each person their own). */
    public List<StoredOrder> ordersOf(String email)
    {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement orders = c.prepareStatement(
                 """
                     SELECT id, confirmation, customer_name, email, phone, street, postcode, city, country, delivery, payment
                     FROM demo_order WHERE email = ? ORDER BY id""");
             PreparedStatement lines = c.prepareStatement(
                 "SELECT sku, quantity FROM demo_order_line WHERE order_id = ? ORDER BY line_no"))
        {
            orders.setString(1, email);
            List<StoredOrder> found = new ArrayList<>();
            try (ResultSet rows = orders.executeQuery())
            {
                while (rows.next())
                {
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (String column : new String[] {"customer_name", "email", "phone", "street", "postcode", "city",
                        "country", "delivery", "payment"})
                        fields.put(column, rows.getString(column));
                    lines.setLong(1, rows.getLong("id"));
                    Map<String, Integer> cart = new LinkedHashMap<>();
                    try (ResultSet lineRows = lines.executeQuery())
                    {
                        while (lineRows.next())
                            cart.put(lineRows.getString(1), lineRows.getInt(2));
                    }
                    found.add(new StoredOrder(rows.getString("confirmation"), fields, cart));
                }
            }
            return found;
        }
        catch (SQLException e)
        {
            throw new IllegalStateException("Cannot read the orders of " + email, e);
        }
    }

    /**
     * Every stored survey response with an answer that starts with {@code tag} and a space (the tests write a tag of
     * their own into each free-text answer): question id to its answers, sorted.
     */
    public List<Map<String, List<String>>> surveysTagged(String tag)
    {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement responses = c.prepareStatement(
                 "SELECT DISTINCT response_id FROM demo_survey_answer WHERE answer LIKE ? ORDER BY response_id");
             PreparedStatement answers = c.prepareStatement(
                 "SELECT question, answer FROM demo_survey_answer WHERE response_id = ? ORDER BY question, answer"))
        {
            responses.setString(1, likeTagged(tag));
            List<Map<String, List<String>>> found = new ArrayList<>();
            try (ResultSet rows = responses.executeQuery())
            {
                while (rows.next())
                {
                    answers.setLong(1, rows.getLong(1));
                    Map<String, List<String>> byQuestion = new TreeMap<>();
                    try (ResultSet answerRows = answers.executeQuery())
                    {
                        while (answerRows.next())
                            byQuestion.computeIfAbsent(answerRows.getString(1), q -> new ArrayList<>())
                                .add(answerRows.getString(2));
                    }
                    found.add(byQuestion);
                }
            }
            return found;
        }
        catch (SQLException e)
        {
            throw new IllegalStateException("Cannot read the survey responses tagged " + tag, e);
        }
    }
}
