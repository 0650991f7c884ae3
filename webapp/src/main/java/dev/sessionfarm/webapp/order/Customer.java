package dev.sessionfarm.webapp.order;

import java.io.Serializable;
import java.util.regex.Pattern;

import dev.sessionfarm.webapp.web.FieldErrors;
import dev.sessionfarm.webapp.web.FormInput;
import dev.sessionfarm.webapp.web.Texts;

/** Step 1 of the order: who orders. Stored in the session as typed; {@link #check} decides if it can go on. */
public record Customer(String name, String email, String phone) implements OrderForm, Serializable
{
    static final Customer EMPTY = new Customer("", "", "");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("[0-9+()./ -]{5,40}");

    static Customer read(FormInput in)
    {
        return new Customer(in.text("name", 100), in.text("email", 200), in.text("phone", 40));
    }

    @Override
    public void check(FieldErrors errors)
    {
        FormInput.require(errors, "name", name, Texts.get("customer.name.required"));
        FormInput.require(errors, "email", email, Texts.get("customer.email.required"));
        FormInput.match(errors, "email", email, EMAIL, Texts.get("customer.email.format"));
        FormInput.match(errors, "phone", phone, PHONE, Texts.get("customer.phone.format"));
    }
}
