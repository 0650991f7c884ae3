package dev.sessionfarm.webapp.order;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cart priced from the catalog, plus delivery: what the items and review pages show and the order stores. */
public record OrderSummary(List<Line> lines, long subtotalCents, long deliveryCents)
{
    public record Line(int number, Product product, int quantity)
    {
        public long totalCents()
        {
            return (long)product.priceCents() * quantity;
        }

        public String total()
        {
            return Money.format(totalCents());
        }
    }

    /** Lines whose product left the catalog are dropped: they can no longer be ordered. */
    static OrderSummary of(Cart cart, Map<String, Product> catalog, DeliveryChoice delivery)
    {
        List<Line> lines = new ArrayList<>();
        long subtotal = 0;
        for (CartLine cartLine : cart.lines())
        {
            Product product = catalog.get(cartLine.sku());
            if (product == null)
                continue;
            Line line = new Line(lines.size() + 1, product, cartLine.quantity());
            lines.add(line);
            subtotal += line.totalCents();
        }
        long deliveryCents = delivery.deliveryMethod().map(DeliveryChoice.Delivery::priceCents).orElse(0);
        return new OrderSummary(List.copyOf(lines), subtotal, deliveryCents);
    }

    public long totalCents()
    {
        return subtotalCents + deliveryCents;
    }

    public String subtotal()
    {
        return Money.format(subtotalCents);
    }

    public String delivery()
    {
        return Money.format(deliveryCents);
    }

    public String total()
    {
        return Money.format(totalCents());
    }

    public int itemCount()
    {
        return lines.stream().mapToInt(Line::quantity).sum();
    }
}
