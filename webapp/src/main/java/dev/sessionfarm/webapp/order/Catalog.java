package dev.sessionfarm.webapp.order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import dev.sessionfarm.webapp.node.DemoDatabase;

/** The products the order form sells, read from {@code demo_product}. */
public final class Catalog
{
    private final DataSource database;

    public Catalog(DataSource database)
    {
        this.database = database;
    }

    /** Every product by SKU, in catalog order. */
    Map<String, Product> products()
    {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement(
                 "SELECT sku, name, description, price_cents FROM demo_product ORDER BY position, sku");
             ResultSet rows = s.executeQuery())
        {
            Map<String, Product> products = new LinkedHashMap<>();
            while (rows.next())
                products.put(rows.getString(1), new Product(rows.getString(1), rows.getString(2), rows.getString(3),
                    rows.getInt(4)));
            return products;
        }
        catch (SQLException e)
        {
            throw DemoDatabase.unavailable("reading the catalog", e);
        }
    }
}
