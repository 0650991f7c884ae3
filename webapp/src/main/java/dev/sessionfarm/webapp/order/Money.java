package dev.sessionfarm.webapp.order;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;

import dev.sessionfarm.webapp.web.Texts;

/** Prices are whole cents everywhere; this is the one place that shows them. */
public final class Money
{
    private static final Currency EURO = Currency.getInstance("EUR");

    private Money()
    {
    }

    /** In euros, as the page's language writes them: {@code €8.90}, {@code 8,90 €}. */
    public static String format(long cents)
    {
        NumberFormat format = NumberFormat.getCurrencyInstance(Texts.locale());
        format.setCurrency(EURO);
        return format.format(BigDecimal.valueOf(cents, 2));
    }
}
