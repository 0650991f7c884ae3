package dev.sessionfarm.webapp.order;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import dev.sessionfarm.webapp.resume.ContinueLater;
import dev.sessionfarm.webapp.web.AutosaveAnswer;
import dev.sessionfarm.webapp.web.Csrf;
import dev.sessionfarm.webapp.web.Drafts;
import dev.sessionfarm.webapp.web.FieldErrors;
import dev.sessionfarm.webapp.web.FinalSubmitPause;
import dev.sessionfarm.webapp.web.FormInput;
import dev.sessionfarm.webapp.web.Http;
import dev.sessionfarm.webapp.web.Pages;
import dev.sessionfarm.webapp.web.Resubmission;
import dev.sessionfarm.webapp.web.Texts;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The order form, {@code /order/<step>}: customer, shipping, items, delivery, review, then confirmation. Each GET
 * shows a step from the session; each POST stores the step's input in the session and redirects (303). Input that
 * is not valid yet is shown again as typed with the messages next to it (422), and nothing is stored.
 * "Back" stores what was typed without requiring it to be complete.
 */
public final class OrderServlet extends HttpServlet
{
    private static final long serialVersionUID = 1L;
    private static final int UNPROCESSABLE = 422;
    private static final String CONFIRMATION = "confirmation";
    /** Where "Place order" posts: the one request a lost answer must not turn into "session expired". */
    public static final String FINAL_PATH = "/order/review";
    private static final String AUTOSAVE_PREFIX = "autosave/";
    /** The paths page scripts call, which answer JSON (see JsonErrors). */
    public static final String AUTOSAVE_PATHS = "/order/" + AUTOSAVE_PREFIX + "*";

    private final transient Pages pages;
    private final transient Catalog catalog;
    private final transient OrderRepository orders;
    private final transient FinalSubmitPause pause;
    private final transient ContinueLater continueLater;

    public OrderServlet(Pages pages, Catalog catalog, OrderRepository orders, FinalSubmitPause pause,
                        ContinueLater continueLater)
    {
        this.continueLater = continueLater;
        this.pages = pages;
        this.catalog = catalog;
        this.orders = orders;
        this.pause = pause;
    }

    /** For {@link #FINAL_PATH}: "Place order" sent again after its session was renamed shows the stored order. */
    public Resubmission<OrderReceipt> resubmission()
    {
        return new Resubmission<>(orders::receiptOf, (session, receipt) -> new OrderSession(session).show(receipt),
            "/order/" + CONFIRMATION);
    }

    /** The classes this feature stores in sessions. */
    public static Class<?>[] storedTypes()
    {
        return OrderSession.STORED_TYPES.toArray(new Class<?>[0]);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        Csrf.ensureToken(request);
        OrderSession order = new OrderSession(request.getSession());
        String slug = slug(request);
        if (slug.equals(CONFIRMATION))
        {
            if (order.receipt() == null)
                Http.seeOther(response, "/order");
            else
                pages.render(request, response, "order/confirmation", Map.of("receipt", order.receipt()));
            return;
        }
        Optional<OrderStep> requested = OrderStep.bySlug(slug);
        OrderStep reachable = order.firstIncomplete();
        if (requested.isEmpty() || requested.get().compareTo(reachable) > 0)
        {
            Http.seeOther(response, reachable.path());
            return;
        }
        // The draft starts with its first page shown, so its id is in the stored session long before the final submit.
        order.draftId();
        render(request, response, HttpServletResponse.SC_OK, requested.get(), order, null, Map.of(), new FieldErrors());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        OrderSession order = new OrderSession(request.getSession());
        if (slug(request).startsWith(AUTOSAVE_PREFIX))
        {
            autosave(request, response, order, OrderStep.bySlug(slug(request).substring(AUTOSAVE_PREFIX.length())));
            return;
        }
        Optional<OrderStep> step = OrderStep.bySlug(slug(request));
        if (step.equals(Optional.of(OrderStep.REVIEW)) && showedEarlierDraft(request, response, order))
            return;
        if (step.isEmpty() || step.get().compareTo(order.firstIncomplete()) > 0)
        {
            Http.seeOther(response, order.firstIncomplete().path());
            return;
        }
        FormInput in = new FormInput(request, new FieldErrors());
        switch (step.get())
        {
            case CUSTOMER -> submit(request, response, OrderStep.CUSTOMER, order, in, Customer.read(in), order::save);
            case SHIPPING ->
                submit(request, response, OrderStep.SHIPPING, order, in, ShippingAddress.read(in), order::save);
            case ITEMS -> submitItems(request, response, order, in);
            case DELIVERY ->
                submit(request, response, OrderStep.DELIVERY, order, in, DeliveryChoice.read(in), order::save);
            case REVIEW -> placeOrder(request, response, order);
        }
    }

    private <T extends OrderForm> void submit(HttpServletRequest request, HttpServletResponse response, OrderStep step,
                                              OrderSession order, FormInput in, T typed, Consumer<T> save)
        throws IOException
    {
        if (in.nav() == FormInput.Nav.NEXT)
            typed.check(in.errors());
        if (!in.errors().isEmpty())
        {
            render(request, response, UNPROCESSABLE, step, order, typed, Map.of(), in.errors());
            return;
        }
        save.accept(typed);
        if (in.nav() == FormInput.Nav.LATER)
        {
            continueLater.offer(request, response, "order");
            return;
        }
        OrderStep target = switch (in.nav())
        {
            case BACK -> step.previous();
            case NEXT -> step.next();
            case STAY, LATER -> step;
        };
        Http.seeOther(response, target.path());
    }

    /**
     * Stores a step's fields as typed so far, as "Back" does (nothing required yet), and answers JSON. The items
     * step saves through its buttons, and the review step has nothing to type: neither autosaves.
     */
    private void autosave(HttpServletRequest request, HttpServletResponse response, OrderSession order,
                          Optional<OrderStep> step)
        throws IOException
    {
        if (step.isEmpty() || step.get() == OrderStep.ITEMS || step.get() == OrderStep.REVIEW
            || step.get().compareTo(order.firstIncomplete()) > 0)
        {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        FormInput in = new FormInput(request, new FieldErrors());
        switch (step.get())
        {
            case CUSTOMER -> saveIfValid(in, Customer.read(in), order::save);
            case SHIPPING -> saveIfValid(in, ShippingAddress.read(in), order::save);
            case DELIVERY -> saveIfValid(in, DeliveryChoice.read(in), order::save);
            default -> throw new IllegalStateException(step.get().toString());
        }
        AutosaveAnswer.send(request, response, pages.node().name(), "step", step.get().slug(), in.errors());
    }

    private static <T extends OrderForm> void saveIfValid(FormInput in, T typed, Consumer<T> save)
    {
        if (in.errors().isEmpty())
            save.accept(typed);
    }

    /** The items step: add or remove a product, change quantities, then back or next. */
    private void submitItems(HttpServletRequest request, HttpServletResponse response, OrderSession order, FormInput in)
        throws IOException
    {
        Map<String, Product> products = catalog.products();
        Cart cart = order.cart();
        Map<String, String> typedQuantities = new LinkedHashMap<>();
        for (CartLine line : cart.lines())
        {
            String field = "qty." + line.sku();
            if (request.getParameter(field) == null)
                continue;
            String typed = in.text(field, 3);
            typedQuantities.put(line.sku(), typed);
            Integer quantity = parseQuantity(typed);
            if (quantity == null)
                in.errors().add(field, Texts.get("items.quantity.invalid", Cart.MAX_QUANTITY));
            else if (!in.errors().has(field))
                cart = cart.withQuantity(line.sku(), quantity);
        }
        String add = request.getParameter("add");
        if (add != null && products.containsKey(add))
        {
            // One more than the page showed (its quantity field was applied above), or into the cart if the page
            // did not show it and it is not there yet: the same form sent twice (a retry after a lost answer, a
            // double click) gives the same cart, never a doubled quantity.
            boolean shown = request.getParameter("qty." + add) != null;
            if (shown || cart.quantityOf(add) == 0)
                cart = cart.add(add);
        }
        String remove = request.getParameter("remove");
        if (remove != null)
            cart = cart.withQuantity(remove, 0);
        if (in.nav() == FormInput.Nav.NEXT && cart.isEmpty())
            in.errors().add("cart", Texts.get("items.cart.required"));
        if (!in.errors().isEmpty())
        {
            render(request, response, UNPROCESSABLE, OrderStep.ITEMS, order, null, typedQuantities, in.errors());
            return;
        }
        if (!cart.equals(order.cart()))
            order.save(cart);
        if (in.nav() == FormInput.Nav.LATER)
        {
            continueLater.offer(request, response, "order");
            return;
        }
        OrderStep next = switch (in.nav())
        {
            case BACK -> OrderStep.SHIPPING;
            case NEXT -> OrderStep.DELIVERY;
            case STAY, LATER -> OrderStep.ITEMS;
        };
        Http.seeOther(response, next.path());
    }

    private static Integer parseQuantity(String typed)
    {
        if (!typed.matches("\\d{1,2}"))
            return null;
        return Integer.parseInt(typed);
    }

    /**
     * The review form of an earlier draft sent again (after its order was placed): shows that order, or the step
     * this session's draft needs next if there is none, and changes nothing. False for this draft's own form.
     */
    private boolean showedEarlierDraft(HttpServletRequest request, HttpServletResponse response, OrderSession order)
    {
        Optional<UUID> sent = Drafts.sent(request.getParameter(Drafts.FIELD));
        if (sent.isEmpty() || sent.get().equals(order.draftId()))
            return false;
        Optional<OrderReceipt> stored = orders.receiptOf(sent.get());
        stored.ifPresent(order::show);
        Http.seeOther(response, stored.isPresent() ? "/order/" + CONFIRMATION : order.firstIncomplete().path());
        return true;
    }

    /** Stores the order, then gives the session a new id: the session that placed an order is worth protecting. */
    private void placeOrder(HttpServletRequest request, HttpServletResponse response, OrderSession order)
        throws IOException
    {
        if (order.firstIncomplete() != OrderStep.REVIEW)
        {
            Http.seeOther(response, order.firstIncomplete().path());
            return;
        }
        UUID draft = order.draftId();
        OrderSummary summary = OrderSummary.of(order.cart(), catalog.products(), order.delivery());
        String confirmation = orders.place(new OrderRepository.PlacedOrder(draft, pages.node().name(),
            order.customer(), order.shipping(), order.delivery(), summary));
        pause.afterInsert("order", draft);
        order.complete(new OrderReceipt(confirmation, order.customer().email(), summary.itemCount(), summary.total()));
        request.changeSessionId();
        pause.afterRename("order", draft);
        Http.seeOther(response, "/order/" + CONFIRMATION);
    }

    /**
     * Renders a step from the session, or, after a refused POST, with what was typed ({@code typed}, or for the items
     * step {@code typedQuantities}) next to the error messages.
     */
    private void render(HttpServletRequest request, HttpServletResponse response, int status, OrderStep step,
                        OrderSession order, OrderForm typed, Map<String, String> typedQuantities, FieldErrors errors)
        throws IOException
    {
        Map<String, Object> model = new HashMap<>();
        model.put("step", step);
        model.put("steps", OrderStep.values());
        model.put("errors", errors);
        model.put("form", typed != null ? typed : switch (step)
        {
            case CUSTOMER -> order.customer();
            case SHIPPING -> order.shipping();
            default -> order.delivery();
        });
        switch (step)
        {
            case ITEMS ->
            {
                Map<String, Product> products = catalog.products();
                model.put("products", List.copyOf(products.values()));
                model.put("summary", OrderSummary.of(order.cart(), products, order.delivery()));
                model.put("quantities", typedQuantities);
            }
            case DELIVERY ->
            {
                model.put("deliveries", DeliveryChoice.Delivery.values());
                model.put("payments", DeliveryChoice.Payment.values());
            }
            case REVIEW ->
            {
                model.put("customer", order.customer());
                model.put("shipping", order.shipping());
                model.put("delivery", order.delivery().deliveryMethod().orElseThrow());
                model.put("payment", order.delivery().paymentMethod().orElseThrow());
                model.put("summary", OrderSummary.of(order.cart(), catalog.products(), order.delivery()));
                model.put("submission", order.draftId());
            }
            default ->
            {
                // the form is all these steps show
            }
        }
        pages.render(request, response, status, "order/" + step.slug(), model);
    }

    private static String slug(HttpServletRequest request)
    {
        String path = request.getPathInfo();
        return path == null || path.length() < 2 ? "" : path.substring(1);
    }
}
