package dev.sessionfarm.webapp.survey;

import java.util.List;
import java.util.Optional;

import static dev.sessionfarm.webapp.survey.Question.multiple;
import static dev.sessionfarm.webapp.survey.Question.rating;
import static dev.sessionfarm.webapp.survey.Question.single;
import static dev.sessionfarm.webapp.survey.Question.text;

/** The survey's pages and questions: nine pages of single and multiple choice, free text and rating scales. */
public final class SurveyDefinition
{
    public static final List<SurveyPage> PAGES = List.of(
        new SurveyPage(1, "About you", "A few questions so we can put your answers in context.", List.of(
            single("heard", "How did you hear about the shop?", true,
                "From a friend", "A search engine", "Social media", "An advertisement", "Somewhere else"),
            single("age", "Which age group are you in?", false,
                "Under 25", "25 to 39", "40 to 54", "55 to 69", "70 or over"))),
        new SurveyPage(2, "How you shop", "", List.of(
            single("frequency", "How often do you shop online?", true,
                "Every week", "Every month", "A few times a year", "Rarely"),
            multiple("devices", "Which devices do you shop on? Tick all that apply.", true,
                "Phone", "Tablet", "Laptop", "Desktop computer"))),
        new SurveyPage(3, "Our range", "", List.of(
            rating("range", "How happy are you with the range of products?", true, 1, 5, "Not at all", "Very"),
            text("missing", "Is there anything you missed in our range?", false))),
        new SurveyPage(4, "Finding things", "", List.of(
            rating("findability", "How easy was it to find what you wanted?", true, 1, 5, "Very hard", "Very easy"),
            multiple("features", "Which of these did you use?", false,
                "Search", "Categories", "Product photos", "Customer reviews"))),
        new SurveyPage(5, "Checkout", "", List.of(
            rating("checkout", "How smooth was the checkout?", true, 1, 5, "Very bumpy", "Very smooth"),
            text("problems", "Did anything go wrong? Tell us what happened.", false))),
        new SurveyPage(6, "Delivery", "", List.of(
            single("deliveryPreference", "Which delivery do you prefer?", true,
                "Cheapest", "Fastest", "Pick up in the shop", "No preference"),
            rating("deliverySpeed", "How important is delivery speed to you?", true, 1, 5, "Not important",
                "Very important"))),
        new SurveyPage(7, "Paying", "", List.of(
            multiple("paymentMethods", "Which ways of paying would you like to use?", true,
                "Invoice", "Card", "Bank transfer", "Mobile payment", "Cash on pick-up"))),
        new SurveyPage(8, "Help and support", "", List.of(
            single("contactedSupport", "Have you contacted our support?", true, "Yes", "No"),
            rating("supportQuality", "If so: how helpful was it?", false, 1, 5, "Not helpful", "Very helpful"))),
        new SurveyPage(9, "Overall", "Last page: thank you for staying with us.", List.of(
            rating("recommend", "How likely are you to recommend the shop to a friend?", true, 0, 10,
                "Not at all likely", "Extremely likely"),
            text("anythingElse", "Anything else you would like to tell us?", false))));

    private SurveyDefinition()
    {
    }

    public static int pageCount()
    {
        return PAGES.size();
    }

    static Optional<SurveyPage> page(int number)
    {
        return number >= 1 && number <= PAGES.size() ? Optional.of(PAGES.get(number - 1)) : Optional.empty();
    }
}
