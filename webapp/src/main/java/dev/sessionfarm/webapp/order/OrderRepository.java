package dev.sessionfarm.webapp.order;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

import dev.sessionfarm.webapp.node.DemoDatabase;

/**
 * Stores submitted orders: one {@code demo_order} row and its lines, in one transaction. The draft id (submission
 * token) is unique in the table, so a draft is stored once however many submits of it race each other.
 */
public final class OrderRepository
{
    /** A second insert of a draft waits for the first one's transaction, then inserts nothing. */
    private static final String INSERT_ORDER = """
        INSERT INTO demo_order (draft_id, confirmation, node, customer_name, email, phone, street, postcode, city,
                                country, delivery, payment, delivery_cents, total_cents)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (draft_id) DO NOTHING
        RETURNING id""";
    private static final String INSERT_LINE = """
        INSERT INTO demo_order_line (order_id, line_no, sku, product_name, quantity, unit_price_cents)
        VALUES (?, ?, ?, ?, ?, ?)""";
    private static final String CONFIRMATION_OF_DRAFT = "SELECT confirmation FROM demo_order WHERE draft_id = ?";
    private static final String RECEIPT_OF_DRAFT = """
        SELECT o.confirmation, o.email, o.total_cents, coalesce(sum(l.quantity), 0)
          FROM demo_order o LEFT JOIN demo_order_line l ON l.order_id = o.id
         WHERE o.draft_id = ?
         GROUP BY o.id""";
    private static final String CONFIRMATION_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource database;

    public OrderRepository(DataSource database)
    {
        this.database = database;
    }

    /** A complete order in the shape it is stored. */
    record PlacedOrder(UUID draftId, String node, Customer customer, ShippingAddress shipping, DeliveryChoice delivery,
        OrderSummary summary)
    {
    }

    /**
     * Stores the order and returns its confirmation number. The same draft submitted again (a double click, two
     * tabs, two nodes) stores nothing more and returns the first order's number.
     */
    String place(PlacedOrder order)
    {
        try (Connection c = database.getConnection())
        {
            c.setAutoCommit(false);
            try
            {
                String confirmation = insertOrder(c, order);
                c.commit();
                return confirmation;
            }
            catch (SQLException | RuntimeException e)
            {
                DemoDatabase.rollback(c, e);
                throw e;
            }
        }
        catch (SQLException e)
        {
            throw DemoDatabase.unavailable("storing an order", e);
        }
    }

    private static String insertOrder(Connection c, PlacedOrder order) throws SQLException
    {
        String confirmation = newConfirmation();
        long orderId;
        try (PreparedStatement s = c.prepareStatement(INSERT_ORDER))
        {
            Customer customer = order.customer();
            ShippingAddress shipping = order.shipping();
            s.setObject(1, order.draftId());
            s.setString(2, confirmation);
            s.setString(3, order.node());
            s.setString(4, customer.name());
            s.setString(5, customer.email());
            s.setString(6, customer.phone());
            s.setString(7, shipping.street());
            s.setString(8, shipping.postcode());
            s.setString(9, shipping.city());
            s.setString(10, shipping.country());
            s.setString(11, order.delivery().delivery());
            s.setString(12, order.delivery().payment());
            s.setLong(13, order.summary().deliveryCents());
            s.setLong(14, order.summary().totalCents());
            try (ResultSet rows = s.executeQuery())
            {
                if (!rows.next())
                    return existingConfirmation(c, order.draftId());
                orderId = rows.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement(INSERT_LINE))
        {
            for (OrderSummary.Line line : order.summary().lines())
            {
                s.setLong(1, orderId);
                s.setInt(2, line.number());
                s.setString(3, line.product().sku());
                s.setString(4, line.product().name());
                s.setInt(5, line.quantity());
                s.setInt(6, line.product().priceCents());
                s.addBatch();
            }
            s.executeBatch();
        }
        return confirmation;
    }

    private static String existingConfirmation(Connection c, UUID draftId) throws SQLException
    {
        try (PreparedStatement s = c.prepareStatement(CONFIRMATION_OF_DRAFT))
        {
            s.setObject(1, draftId);
            try (ResultSet rows = s.executeQuery())
            {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    /** What the confirmation page showed for the order stored from this draft, if one was. */
    Optional<OrderReceipt> receiptOf(UUID draftId)
    {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement(RECEIPT_OF_DRAFT))
        {
            s.setObject(1, draftId);
            try (ResultSet rows = s.executeQuery())
            {
                if (!rows.next())
                    return Optional.empty();
                return Optional.of(new OrderReceipt(rows.getString(1), rows.getString(2), rows.getInt(4),
                    Money.format(rows.getLong(3))));
            }
        }
        catch (SQLException e)
        {
            throw DemoDatabase.unavailable("looking up a stored order", e);
        }
    }

    /** Eight characters without look-alikes (no 0/O, 1/I): easy to read out on the phone. */
    static String newConfirmation()
    {
        StringBuilder number = new StringBuilder("SF-");
        for (int i = 0; i < 8; i++)
        {
            if (i == 4)
                number.append('-');
            number.append(CONFIRMATION_ALPHABET.charAt(RANDOM.nextInt(CONFIRMATION_ALPHABET.length())));
        }
        return number.toString();
    }
}
