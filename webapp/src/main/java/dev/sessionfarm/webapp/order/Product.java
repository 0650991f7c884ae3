package dev.sessionfarm.webapp.order;

import dev.sessionfarm.webapp.web.Texts;

/** A catalog entry, as seeded by the demo schema's migrations. */
public record Product(String sku, String name, String description, int priceCents)
{
    /** The name in the page's language (the catalog's is English, and it is what orders store). */
    public String shownName()
    {
        return Texts.getOr("product." + sku + ".name", name);
    }

    public String shownDescription()
    {
        return Texts.getOr("product." + sku + ".description", description);
    }

    public String price()
    {
        return Money.format(priceCents);
    }
}
