package dev.sessionfarm.webapp.survey;

import java.util.List;
import java.util.stream.IntStream;

import dev.sessionfarm.webapp.web.Texts;

/** One survey question. {@code options} are the choices (for a rating: the scale's numbers). */
public record Question(String id, Kind kind, String text, List<Option> options, boolean required, String lowLabel,
    String highLabel)
{
    static final int TEXT_MAX = 1000;

    public enum Kind
    {
        SINGLE, MULTIPLE, TEXT, RATING
    }

    public record Option(String value, String label)
    {
    }

    static Question single(String id, String text, boolean required, String... labels)
    {
        return new Question(id, Kind.SINGLE, text, options(labels), required, "", "");
    }

    static Question multiple(String id, String text, boolean required, String... labels)
    {
        return new Question(id, Kind.MULTIPLE, text, options(labels), required, "", "");
    }

    static Question text(String id, String text, boolean required)
    {
        return new Question(id, Kind.TEXT, text, List.of(), required, "", "");
    }

    static Question rating(String id, String text, boolean required, int from, int to, String low, String high)
    {
        List<Option> scale = IntStream.rangeClosed(from, to)
            .mapToObj(n -> new Option(String.valueOf(n), String.valueOf(n))).toList();
        return new Question(id, Kind.RATING, text, scale, required, low, high);
    }

    /** Choices are sent and stored by a short code derived from their position; the label is what is shown. */
    private static List<Option> options(String... labels)
    {
        return IntStream.range(0, labels.length).mapToObj(i -> new Option("o" + (i + 1), labels[i])).toList();
    }

    boolean allows(String value)
    {
        return options.stream().anyMatch(o -> o.value().equals(value));
    }

    String label(String value)
    {
        return options.stream().filter(o -> o.value().equals(value)).map(Option::label).findFirst().orElse(value);
    }

    /** The question in the page's language; {@code text} is the English one, which answers are stored with. */
    public String shownText()
    {
        return Texts.getOr("survey.q." + id, text);
    }

    public String shownLabel(Option option)
    {
        return Texts.getOr("survey.q." + id + "." + option.value(), option.label());
    }

    public String shownLow()
    {
        return Texts.getOr("survey.q." + id + ".low", lowLabel);
    }

    public String shownHigh()
    {
        return Texts.getOr("survey.q." + id + ".high", highLabel);
    }

    /** The field name in the form, e.g. {@code q.devices}. */
    public String field()
    {
        return "q." + id;
    }

    public boolean isChoice()
    {
        return kind == Kind.SINGLE || kind == Kind.RATING;
    }
}
