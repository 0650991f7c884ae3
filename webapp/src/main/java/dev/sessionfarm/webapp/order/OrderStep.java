package dev.sessionfarm.webapp.order;

import java.util.Arrays;
import java.util.Optional;

import dev.sessionfarm.webapp.web.Texts;

/** The order form's pages, in order. */
public enum OrderStep
{
    CUSTOMER("customer", "Your details"),
    SHIPPING("shipping", "Shipping address"),
    ITEMS("items", "Items"),
    DELIVERY("delivery", "Delivery and payment"),
    REVIEW("review", "Review and order");

    private final String slug;
    private final String title;

    OrderStep(String slug, String title)
    {
        this.slug = slug;
        this.title = title;
    }

    public String path()
    {
        return "/order/" + slug;
    }

    public String slug()
    {
        return slug;
    }

    /** In the page's language; {@code title} is the English one, for logs and code. */
    public String title()
    {
        return Texts.getOr("step." + slug, title);
    }

    public int number()
    {
        return ordinal() + 1;
    }

    OrderStep previous()
    {
        return values()[Math.max(0, ordinal() - 1)];
    }

    OrderStep next()
    {
        return values()[Math.min(values().length - 1, ordinal() + 1)];
    }

    static Optional<OrderStep> bySlug(String slug)
    {
        return Arrays.stream(values()).filter(s -> s.slug.equals(slug)).findFirst();
    }
}
