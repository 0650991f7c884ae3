package dev.sessionfarm.webapp.order;

/** One product in the cart, by SKU: names and prices are read from the catalog when shown and when ordered. */
public record CartLine(String sku, int quantity)
{
}
