package dev.sessionfarm.webapp.order;

/** What the confirmation page shows after the order was stored. */
public record OrderReceipt(String confirmation, String email, int items, String total)
{
}
