package dev.sessionfarm.bench.codec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.sessionfarm.webapp.order.Cart;
import dev.sessionfarm.webapp.order.CartLine;
import dev.sessionfarm.webapp.order.Customer;
import dev.sessionfarm.webapp.order.ShippingAddress;
import dev.sessionfarm.webapp.survey.PageAnswers;

/**
 * The demo's sessions as a person halfway through a form leaves them, built from the webapp's own session classes
 * under the attribute names the webapp uses (docs/webapp.md).
 */
public final class DemoSessions
{
    public static final String ORDER = "order";
    public static final String SURVEY = "survey";
    private static final String CSRF_TOKEN = "csrf.token";

    private DemoSessions()
    {
    }

    public static Map<String, Object> byName(String name)
    {
        return switch (name)
        {
            case ORDER -> halfFilledOrder();
            case SURVEY -> halfFilledSurvey();
            default -> throw new IllegalArgumentException("no demo session named " + name);
        };
    }

    /** Customer and shipping given, ten lines in the cart; delivery and payment not chosen yet. */
    public static Map<String, Object> halfFilledOrder()
    {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put(CSRF_TOKEN, "q3J8fXk2LwYb0aVd9TnRc5sGh1PzEuMi");
        session.put("order.draftId", UUID.fromString("5d0c7b9e-2f41-4c1a-9a57-0e8b6f3d2c11"));
        session.put("order.customer", new Customer("Margarethe Vandenbroucke", "m.vandenbroucke@example.org",
            "+32 9 123 45 67"));
        session.put("order.shipping", new ShippingAddress("Korenmarkt 14, 2nd floor", "9000", "Gent", "Belgium"));
        session.put("order.cart", new Cart(List.of(
            new CartLine("TEA-GREEN", 2), new CartLine("TEA-BLACK", 1), new CartLine("COF-BEANS", 3),
            new CartLine("MUG-STONE", 4), new CartLine("POT-GLASS", 1), new CartLine("KET-GOOSE", 1),
            new CartLine("FIL-PAPER", 2), new CartLine("GFT-CARD", 1), new CartLine("TEA-OOLONG", 1),
            new CartLine("CUP-SET", 2))));
        return session;
    }

    /** Pages 1 to 4 of the nine answered, with single and multiple choices, ratings and a free text. */
    public static Map<String, Object> halfFilledSurvey()
    {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put(CSRF_TOKEN, "Zk4Wm9QaR2xVt7LcN0bJy6HsD3fPoGe1");
        session.put("survey.draftId", UUID.fromString("9b2e4f60-7c3d-4e8a-b1f2-5a6c7d8e9f01"));
        session.put("survey.page.1", new PageAnswers(Map.of("heard", List.of("o2"), "age", List.of("o3"))));
        session.put("survey.page.2", new PageAnswers(Map.of("frequency", List.of("o2"),
            "devices", List.of("o1", "o3"))));
        session.put("survey.page.3", new PageAnswers(Map.of("range", List.of("4"),
            "missing", List.of("More loose-leaf oolong and a decaf option, please."))));
        session.put("survey.page.4", new PageAnswers(Map.of("findability", List.of("5"),
            "features", List.of("o1", "o3", "o4"))));
        return session;
    }
}
