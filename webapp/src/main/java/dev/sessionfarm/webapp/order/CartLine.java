package dev.sessionfarm.webapp.order;

import java.io.Serializable;

/** One product in the cart, by SKU: names and prices are read from the catalog when shown and when ordered. */
public record CartLine(String sku, int quantity) implements Serializable
{
}
