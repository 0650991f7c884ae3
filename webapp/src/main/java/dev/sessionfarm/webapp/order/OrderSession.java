package dev.sessionfarm.webapp.order;

import java.util.List;
import java.util.UUID;

import dev.sessionfarm.webapp.web.Drafts;
import jakarta.servlet.http.HttpSession;

/**
 * The order in progress, kept only in the session: one attribute per step, so that two tabs (or two nodes)
 * working on different steps of one session never overwrite each other. Values are immutable records; a change
 * is a new record stored with setAttribute, which is what marks an attribute for saving.
 */
final class OrderSession
{
    /**
     * The classes this feature stores in sessions: the codec must allow them. They are Serializable too, as Jetty's
     * own stores require, so that the codec benchmark can compare with those on these very objects.
     */
    static final List<Class<?>> STORED_TYPES = List.of(Customer.class, ShippingAddress.class, Cart.class,
        CartLine.class, DeliveryChoice.class, OrderReceipt.class);

    private static final String DRAFT_ID = "order.draftId";
    private static final String CUSTOMER = "order.customer";
    private static final String SHIPPING = "order.shipping";
    private static final String CART = "order.cart";
    private static final String DELIVERY = "order.delivery";
    private static final String RECEIPT = "order.receipt";

    private final HttpSession session;

    OrderSession(HttpSession session)
    {
        this.session = session;
    }

    /**
     * Identifies this draft in the database, so that a second submit of it cannot make a second order; created when
     * the draft starts and shown in the final form (see Drafts).
     */
    UUID draftId()
    {
        return Drafts.id(session, DRAFT_ID);
    }

    Customer customer()
    {
        return get(CUSTOMER, Customer.EMPTY);
    }

    ShippingAddress shipping()
    {
        return get(SHIPPING, ShippingAddress.EMPTY);
    }

    Cart cart()
    {
        return get(CART, Cart.EMPTY);
    }

    DeliveryChoice delivery()
    {
        return get(DELIVERY, DeliveryChoice.EMPTY);
    }

    OrderReceipt receipt()
    {
        return (OrderReceipt)session.getAttribute(RECEIPT);
    }

    void save(Customer customer)
    {
        session.setAttribute(CUSTOMER, customer);
    }

    void save(ShippingAddress shipping)
    {
        session.setAttribute(SHIPPING, shipping);
    }

    void save(Cart cart)
    {
        session.setAttribute(CART, cart);
    }

    void save(DeliveryChoice delivery)
    {
        session.setAttribute(DELIVERY, delivery);
    }

    /** The order was stored: the draft goes, the receipt stays for the confirmation page. */
    void complete(OrderReceipt receipt)
    {
        for (String name : List.of(DRAFT_ID, CUSTOMER, SHIPPING, CART, DELIVERY))
            session.removeAttribute(name);
        session.setAttribute(RECEIPT, receipt);
    }

    /** Shows an order stored earlier (its final submit sent again) on the confirmation page; the draft stays. */
    void show(OrderReceipt receipt)
    {
        session.setAttribute(RECEIPT, receipt);
    }

    /** The first step that still needs input; REVIEW when everything is there. */
    OrderStep firstIncomplete()
    {
        if (!customer().isComplete())
            return OrderStep.CUSTOMER;
        if (!shipping().isComplete())
            return OrderStep.SHIPPING;
        if (cart().isEmpty())
            return OrderStep.ITEMS;
        if (!delivery().isComplete())
            return OrderStep.DELIVERY;
        return OrderStep.REVIEW;
    }

    @SuppressWarnings("unchecked")
    private <T> T get(String name, T absent)
    {
        Object value = session.getAttribute(name);
        return value == null ? absent : (T)value;
    }
}
