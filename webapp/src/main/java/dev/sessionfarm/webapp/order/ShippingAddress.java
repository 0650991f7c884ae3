package dev.sessionfarm.webapp.order;

import java.io.Serializable;

import dev.sessionfarm.webapp.web.FieldErrors;
import dev.sessionfarm.webapp.web.FormInput;
import dev.sessionfarm.webapp.web.Texts;

/** Step 2 of the order: where it goes. */
public record ShippingAddress(String street, String postcode, String city, String country)
    implements OrderForm, Serializable
{
    static final ShippingAddress EMPTY = new ShippingAddress("", "", "", "");

    static ShippingAddress read(FormInput in)
    {
        return new ShippingAddress(in.text("street", 200), in.text("postcode", 20), in.text("city", 100),
            in.text("country", 100));
    }

    @Override
    public void check(FieldErrors errors)
    {
        FormInput.require(errors, "street", street, Texts.get("shipping.street.required"));
        FormInput.require(errors, "postcode", postcode, Texts.get("shipping.postcode.required"));
        FormInput.require(errors, "city", city, Texts.get("shipping.city.required"));
        FormInput.require(errors, "country", country, Texts.get("shipping.country.required"));
    }
}
