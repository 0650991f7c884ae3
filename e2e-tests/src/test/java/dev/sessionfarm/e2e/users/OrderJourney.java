package dev.sessionfarm.e2e.users;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.e2e.users.Journey.SessionGone;
import dev.sessionfarm.e2e.web.PageForm;
import dev.sessionfarm.e2e.web.Reply;

/**
 * One person ordering: details, address, three clicks on "Add" (two products, one of them twice), delivery and
 * payment, then the final submit. What was acknowledged can be read back from the form's pages, and the stored order
 * compared with it; each person has an email address of their own, so their order is found by it.
 */
public final class OrderJourney
{
    private static final Pattern CONFIRMATION = Pattern.compile("<p class=\"confirmation\">([^<]+)</p>");
    static final String SUBMIT = "order submit";

    private final Journey journey;
    private final Ledger ledger;
    private final Map<String, Map<String, String>> typed = new LinkedHashMap<>();
    private final Map<String, Integer> cart = new LinkedHashMap<>();
    private Reply page;
    private String confirmation;

    public OrderJourney(Journey journey, Ledger ledger, String tag, int person)
    {
        this.journey = journey;
        this.ledger = ledger;
        typed.put("customer", Map.of("name", "Person " + tag, "email", tag + "@example.com",
            "phone", "+351 21 000 " + String.format("%04d", person % 10000)));
        typed.put("shipping",
            Map.of("street", person + " Rua do Ouro", "postcode", "1100-" + String.format("%03d", person % 1000),
                "city", person % 2 == 0 ? "Lisboa" : "Porto", "country", "Portugal"));
    }

    /** The confirmation number the person was shown; null before the order is placed. */
    public String confirmation()
    {
        return confirmation;
    }

    public String email()
    {
        return typed.get("customer").get("email");
    }

    /** The first half: details, address and the cart, ending on the delivery step. */
    public void firstHalf() throws SessionGone
    {
        page = journey.open("/order");
        page = submitTyped("customer", "/order/shipping");
        page = submitTyped("shipping", "/order/items");
        List<String> products = new PageForm(page.body()).buttonValues("add");
        int first = Math.floorMod(email().hashCode(), products.size());
        String a = products.get(first);
        String b = products.get((first + 3) % products.size());
        add(a);
        add(b);
        add(a);
        page = journey.submit("order items", "/order/items", form(Map.of("nav", "next")), "/order/delivery");
    }

    /** The second half: delivery and payment, the read-back (if asked), and the final submit. */
    public void secondHalf(boolean readBackBeforeSubmit) throws SessionGone
    {
        if (page == null || !page.path().equals("/order/delivery"))
            page = journey.open("/order/delivery");
        PageForm form = new PageForm(page.body());
        int pick = Math.floorMod(email().hashCode(), 1000);
        List<PageForm.Choice> deliveries = form.choices("delivery");
        List<PageForm.Choice> payments = form.choices("payment");
        typed.put("delivery", Map.of("delivery", deliveries.get(pick % deliveries.size()).value(),
            "payment", payments.get(pick / 7 % payments.size()).value()));
        page = submitTyped("delivery", "/order/review");
        if (readBackBeforeSubmit)
            readBack();
        page = journey.submitFinal(SUBMIT, "/order/review", form(Map.of("nav", "next")), "/order/confirmation");
        Matcher m = CONFIRMATION.matcher(page.body());
        if (!m.find())
            throw new IllegalStateException(journey.who() + ": no confirmation number on " + page.describe());
        confirmation = m.group(1);
    }

    public void run(boolean readBackBeforeSubmit) throws SessionGone
    {
        firstHalf();
        secondHalf(readBackBeforeSubmit);
    }

    private Reply submitTyped(String step, String next) throws SessionGone
    {
        Map<String, String> fields = new LinkedHashMap<>(typed.get(step));
        fields.put("nav", "next");
        return journey.submit("order " + step, "/order/" + step, form(fields), next);
    }

    /** Presses "Add" for a product, sending the rest of the items form as it stands, as a browser does. */
    private void add(String sku) throws SessionGone
    {
        page =
            journey.submit("order items (add " + sku + ")", "/order/items", form(Map.of("add", sku)), "/order/items");
        cart.merge(sku, 1, Integer::sum);
    }

    /** The current page's form as a browser would send it, with these fields set. */
    private Map<String, List<String>> form(Map<String, String> set)
    {
        Map<String, List<String>> body = new PageForm(page.body()).fields();
        set.forEach((name, value) -> body.put(name, List.of(value)));
        return body;
    }

    /** GETs each step's page and records every acknowledged value that is not there as it was sent. */
    public void readBack() throws SessionGone
    {
        for (Map.Entry<String, Map<String, String>> step : typed.entrySet())
        {
            PageForm shown = new PageForm(journey.open("/order/" + step.getKey()).body());
            step.getValue()
                .forEach((field, value) -> compare("order " + step.getKey(), field, value, shown.value(field)));
        }
        PageForm items = new PageForm(journey.open("/order/items").body());
        cart.forEach((sku, quantity) -> compare("order items", "qty." + sku, String.valueOf(quantity),
            items.value("qty." + sku)));
    }

    private void compare(String step, String field, String expected, String found)
    {
        if (!expected.equals(found))
            ledger.lost(
                journey.who() + ", " + step + " (" + field + "=" + expected + "): expected '" + expected + "', found "
                    + (found.isEmpty() ? "nothing" : "'" + found + "'") + "; last saved via " + journey.savedVia(step));
    }

    /** Compares the one stored order with what was acknowledged; none is a loss, two a duplicate. */
    public void verifyStored(ShopRecords records)
    {
        List<ShopRecords.StoredOrder> orders = records.ordersOf(email());
        if (orders.isEmpty())
        {
            ledger.lost(journey.who() + ", order: nothing stored for " + email() + "; the submit was acknowledged via "
                + journey.savedVia(SUBMIT));
            return;
        }
        if (orders.size() > 1)
            ledger.duplicated(journey.who() + ", order: " + orders.size() + " orders stored for " + email());
        ShopRecords.StoredOrder order = orders.get(0);
        if (confirmation != null && !confirmation.equals(order.confirmation()))
            ledger.lost(
                journey.who() + ", order: confirmation page said " + confirmation + ", stored " + order.confirmation());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("customer_name", typed.get("customer").get("name"));
        typed.get("customer").forEach((k, v) -> expected.put(k, v));
        expected.remove("name");
        typed.get("shipping").forEach(expected::put);
        typed.get("delivery").forEach(expected::put);
        expected.forEach((column, value) ->
        {
            if (!value.equals(order.fields().get(column)))
                ledger.lost(journey.who() + ", stored order " + column + ": expected '" + value + "', stored '"
                    + order.fields().get(column) + "'");
        });
        if (!order.lines().equals(cart))
            ledger.lost(journey.who() + ", stored order lines: expected " + cart + ", stored " + order.lines());
    }
}
