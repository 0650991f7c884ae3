package dev.sessionfarm.webapp.order;

/** A catalog entry, as seeded by the demo schema's migrations. */
public record Product(String sku, String name, String description, int priceCents)
{
    public String price()
    {
        return Money.format(priceCents);
    }
}
