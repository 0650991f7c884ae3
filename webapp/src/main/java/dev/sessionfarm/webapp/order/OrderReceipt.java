package dev.sessionfarm.webapp.order;

import java.io.Serializable;

/** What the confirmation page shows after the order was stored. */
public record OrderReceipt(String confirmation, String email, int items, String total) implements Serializable
{
}
