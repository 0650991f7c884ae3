package dev.sessionfarm.webapp.order;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Optional;

import dev.sessionfarm.webapp.web.FieldErrors;
import dev.sessionfarm.webapp.web.FormInput;
import dev.sessionfarm.webapp.web.Texts;

/** Step 4 of the order: how it is delivered and paid (nothing is charged: this is a demo). */
public record DeliveryChoice(String delivery, String payment) implements OrderForm, Serializable
{
    static final DeliveryChoice EMPTY = new DeliveryChoice("", "");

    public enum Delivery
    {
        STANDARD("Standard delivery, 3 to 5 working days", 490),
        EXPRESS("Express delivery, next working day", 990),
        PICKUP("Pick up in the shop", 0);

        private final String label;
        private final int priceCents;

        Delivery(String label, int priceCents)
        {
            this.label = label;
            this.priceCents = priceCents;
        }

        public String label()
        {
            return Texts.getOr("delivery." + name(), label);
        }

        public int priceCents()
        {
            return priceCents;
        }

        public String price()
        {
            return priceCents == 0 ? Texts.get("delivery.free") : Money.format(priceCents);
        }
    }

    public enum Payment
    {
        INVOICE("Invoice, payable within 14 days"),
        CARD_ON_DELIVERY("Card, on delivery"),
        BANK_TRANSFER("Bank transfer in advance");

        private final String label;

        Payment(String label)
        {
            this.label = label;
        }

        public String label()
        {
            return Texts.getOr("payment." + name(), label);
        }
    }

    static DeliveryChoice read(FormInput in)
    {
        return new DeliveryChoice(in.text("delivery", 20), in.text("payment", 20));
    }

    Optional<Delivery> deliveryMethod()
    {
        return Arrays.stream(Delivery.values()).filter(d -> d.name().equals(delivery)).findFirst();
    }

    Optional<Payment> paymentMethod()
    {
        return Arrays.stream(Payment.values()).filter(p -> p.name().equals(payment)).findFirst();
    }

    @Override
    public void check(FieldErrors errors)
    {
        if (deliveryMethod().isEmpty())
            errors.add("delivery", Texts.get("delivery.delivery.required"));
        if (paymentMethod().isEmpty())
            errors.add("payment", Texts.get("delivery.payment.required"));
    }
}
