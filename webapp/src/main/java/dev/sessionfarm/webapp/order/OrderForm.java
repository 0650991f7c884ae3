package dev.sessionfarm.webapp.order;

import dev.sessionfarm.webapp.web.FieldErrors;

/** A step's input as typed. It is kept even when incomplete; {@link #check} says what is missing or wrong. */
interface OrderForm
{
    void check(FieldErrors errors);

    default boolean isComplete()
    {
        FieldErrors errors = new FieldErrors();
        check(errors);
        return errors.isEmpty();
    }
}
