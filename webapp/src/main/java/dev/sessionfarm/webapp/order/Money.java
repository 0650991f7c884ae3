package dev.sessionfarm.webapp.order;

import java.util.Locale;

/** Prices are whole cents everywhere; this is the one place that shows them. */
public final class Money
{
    private Money()
    {
    }

    public static String format(long cents)
    {
        return String.format(Locale.ROOT, "€%d.%02d", cents / 100, cents % 100);
    }
}
