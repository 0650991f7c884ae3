package dev.sessionfarm.e2e.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The form of a page as a browser would send it: hidden and text inputs with their values, the ticked radio
 * buttons and checkboxes, the text areas. Also what the page offers: each choice's label, and the buttons.
 * A browser sends only the form whose button was pressed, so only the page's own form is read: the first one that
 * is not a secondary {@code class="later"} form (the "continue later" button some pages carry as a form of their
 * own). A page without any form is read whole.
 */
public final class PageForm
{
    private static final Pattern INPUT =
        Pattern.compile("<input\\b([^>]*)>(\\s*<span>([^<]*)</span>)?", Pattern.DOTALL);
    private static final Pattern TEXTAREA = Pattern.compile("<textarea\\b([^>]*)>(.*?)</textarea>", Pattern.DOTALL);
    private static final Pattern BUTTON = Pattern.compile("<button\\b([^>]*)>", Pattern.DOTALL);
    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z][\\w-]*)(?:=\"([^\"]*)\")?");

    /** A choice the page offers: field, value sent, label shown; {@code multiple} for a checkbox. */
    public record Choice(String field, String value, String label, boolean checked, boolean multiple)
    {
    }

    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    private final List<Choice> choices = new ArrayList<>();
    private final Set<String> hidden = new HashSet<>();
    private final List<Map<String, String>> buttons = new ArrayList<>();

    public PageForm(String page)
    {
        String html = ownForm(page);
        Matcher input = INPUT.matcher(html);
        while (input.find())
        {
            Map<String, String> a = attributes(input.group(1));
            String name = a.get("name");
            if (name == null)
                continue;
            String type = a.getOrDefault("type", "text");
            String value = a.getOrDefault("value", "");
            if (type.equals("radio") || type.equals("checkbox"))
            {
                boolean checked = a.containsKey("checked");
                choices.add(
                    new Choice(name, value, unescape(input.group(3) == null ? value : input.group(3)).strip(), checked,
                        type.equals("checkbox")));
                if (checked)
                    fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
            else
            {
                if (type.equals("hidden"))
                    hidden.add(name);
                fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        Matcher area = TEXTAREA.matcher(html);
        while (area.find())
        {
            String name = attributes(area.group(1)).get("name");
            if (name != null)
                fields.computeIfAbsent(name, k -> new ArrayList<>()).add(unescape(area.group(2)));
        }
        Matcher button = BUTTON.matcher(html);
        while (button.find())
            buttons.add(attributes(button.group(1)));
    }

    private static String ownForm(String page)
    {
        Matcher form = FORM.matcher(page);
        while (form.find())
        {
            if (!List.of(attributes(form.group(1)).getOrDefault("class", "").split(" ")).contains("later"))
                return form.group(2);
        }
        return page;
    }

    private static Map<String, String> attributes(String tag)
    {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(tag);
        while (m.find())
            attributes.put(m.group(1), m.group(2) == null ? "" : unescape(m.group(2)));
        return attributes;
    }

    static String unescape(String html)
    {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
            .replace("&amp;", "&");
    }

    /** What the browser would send now (before any button): field name to values. */
    public Map<String, List<String>> fields()
    {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fields.forEach((name, values) -> copy.put(name, new ArrayList<>(values)));
        return copy;
    }

    public List<String> values(String field)
    {
        return List.copyOf(fields.getOrDefault(field, List.of()));
    }

    /** The one value of a field, "" if it has none. */
    public String value(String field)
    {
        List<String> values = fields.getOrDefault(field, List.of());
        return values.isEmpty() ? "" : values.get(0);
    }

    public boolean has(String field)
    {
        return fields.containsKey(field);
    }

    /** The choices the page offers for one field, in page order. */
    public List<Choice> choices(String field)
    {
        return choices.stream().filter(c -> c.field().equals(field)).toList();
    }

    /** Every field that offers choices, in page order. */
    public List<String> choiceFields()
    {
        return choices.stream().map(Choice::field).distinct().toList();
    }

    /** Fields that are neither choices nor hidden: what a person types into. */
    public List<String> textFields()
    {
        List<String> choiceFields = choiceFields();
        return fields.keySet().stream().filter(f -> !choiceFields.contains(f) && !hidden.contains(f)).toList();
    }

    /** The values of the buttons named {@code name}, e.g. every product's "add". */
    public List<String> buttonValues(String name)
    {
        return buttons.stream().filter(b -> name.equals(b.get("name"))).map(b -> b.getOrDefault("value", "")).toList();
    }
}
