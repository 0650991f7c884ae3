package dev.sessionfarm.webapp.order;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Step 3 of the order: what is in the cart. Immutable: every change makes a new cart, stored with setAttribute. */
public record Cart(List<CartLine> lines) implements Serializable
{
    static final int MAX_QUANTITY = 99;
    static final int MAX_LINES = 50;
    static final Cart EMPTY = new Cart(List.of());

    public Cart
    {
        lines = List.copyOf(lines);
    }

    boolean isEmpty()
    {
        return lines.isEmpty();
    }

    int quantityOf(String sku)
    {
        return lines.stream().filter(l -> l.sku().equals(sku)).mapToInt(CartLine::quantity).findFirst().orElse(0);
    }

    /** One more of {@code sku}: a new line at the end, or one more on its line (up to the maximum). */
    Cart add(String sku)
    {
        int current = quantityOf(sku);
        if (current == 0 && lines.size() >= MAX_LINES)
            return this;
        return withQuantity(sku, Math.min(MAX_QUANTITY, current + 1));
    }

    /** Sets the quantity of {@code sku}, keeping the line's place; 0 removes the line. */
    Cart withQuantity(String sku, int quantity)
    {
        List<CartLine> changed = new ArrayList<>();
        boolean found = false;
        for (CartLine line : lines)
        {
            if (!line.sku().equals(sku))
                changed.add(line);
            else
            {
                found = true;
                if (quantity > 0)
                    changed.add(new CartLine(sku, quantity));
            }
        }
        if (!found && quantity > 0)
            changed.add(new CartLine(sku, quantity));
        return new Cart(changed);
    }
}
