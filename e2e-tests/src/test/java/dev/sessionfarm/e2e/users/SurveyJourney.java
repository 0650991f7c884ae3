package dev.sessionfarm.e2e.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.e2e.users.Journey.SessionGone;
import dev.sessionfarm.e2e.web.PageForm;
import dev.sessionfarm.e2e.web.Reply;

/**
 * One person answering all nine survey pages. Every question gets an answer picked from what the page offers
 * (deterministically, from the person's tag), every free text carries the tag, so the stored response can be found.
 * Before sending, every page is read back; afterwards, the stored response is compared with what was sent.
 */
public final class SurveyJourney
{
    static final int PAGES = 9;
    private static final Pattern RESPONSE_NUMBER = Pattern.compile("stored as response number (\\d+)");

    private final Journey journey;
    private final Ledger ledger;
    private final String tag;
    /** Page number to field to the values sent, as acknowledged by the farm. */
    private final Map<Integer, Map<String, List<String>>> acknowledged = new TreeMap<>();
    /** Question id to the answers the shop should store (labels for choices), sorted. */
    private final Map<String, List<String>> expectedStored = new TreeMap<>();
    private long responseNumber;

    public SurveyJourney(Journey journey, Ledger ledger, String tag)
    {
        this.journey = journey;
        this.ledger = ledger;
        this.tag = tag;
    }

    static String step(int page)
    {
        return "survey page " + page;
    }

    /** Answers pages {@code from} to {@code to} (1-based), starting on page {@code from}. */
    public void answer(int from, int to, boolean readBackBeforeLast) throws SessionGone
    {
        Reply page = journey.open("/survey/page/" + from);
        for (int p = from; p <= to; p++)
        {
            PageForm form = new PageForm(page.body());
            Map<String, List<String>> answers = answersFor(form);
            Map<String, List<String>> body = form.fields();
            body.putAll(answers);
            body.put("nav", List.of("next"));
            if (p == PAGES && readBackBeforeLast)
                readBack();
            String next = p < PAGES ? "/survey/page/" + (p + 1) : "/survey/done";
            if (p < PAGES)
                page = journey.submit(step(p), "/survey/page/" + p, body, next);
            else
            {
                Matcher thanks =
                    RESPONSE_NUMBER.matcher(journey.submitFinal(step(p), "/survey/page/" + p, body, next).body());
                if (!thanks.find())
                    throw new IllegalStateException(journey.who() + ": no response number on the thank-you page");
                responseNumber = Long.parseLong(thanks.group(1));
            }
            acknowledged.put(p, answers);
        }
    }

    /** The response number the thank-you page showed; 0 before the answers were sent. */
    public long responseNumber()
    {
        return responseNumber;
    }

    public String tag()
    {
        return tag;
    }

    public void run(boolean readBackBeforeLast) throws SessionGone
    {
        answer(1, PAGES, readBackBeforeLast);
    }

    private Map<String, List<String>> answersFor(PageForm form)
    {
        Map<String, List<String>> answers = new TreeMap<>();
        for (String field : form.choiceFields())
        {
            List<PageForm.Choice> options = form.choices(field);
            int first = Math.floorMod((tag + field).hashCode(), options.size());
            List<PageForm.Choice> picked = new ArrayList<>(List.of(options.get(first)));
            if (options.get(first).multiple() && options.size() > 1)
                picked.add(options.get((first + 1) % options.size()));
            answers.put(field, picked.stream().map(PageForm.Choice::value).toList());
            expectedStored.put(question(field), picked.stream().map(PageForm.Choice::label).sorted().toList());
        }
        for (String field : form.textFields())
        {
            String text = tag + " " + question(field) + " <it's fine & \"quoted\">";
            answers.put(field, List.of(text));
            expectedStored.put(question(field), List.of(text));
        }
        return answers;
    }

    private static String question(String field)
    {
        return field.startsWith("q.") ? field.substring(2) : field;
    }

    /** GETs every acknowledged page and records each answer that is not there as it was sent. */
    public void readBack() throws SessionGone
    {
        for (Map.Entry<Integer, Map<String, List<String>>> page : acknowledged.entrySet())
        {
            PageForm shown = new PageForm(journey.open("/survey/page/" + page.getKey()).body());
            page.getValue().forEach((field, sent) ->
            {
                List<String> found = shown.values(field);
                if (!found.stream().sorted().toList().equals(sent.stream().sorted().toList()))
                    ledger.lost(journey.who() + ", " + step(page.getKey()) + " (" + field + "=" + sent + "): expected "
                        + quote(sent) + ", found " + quote(found) + "; last saved via "
                        + journey.savedVia(step(page.getKey())));
            });
        }
    }

    /** Compares the one stored response with what was sent; none is a loss, two a duplicate. */
    public void verifyStored(ShopRecords records)
    {
        List<Map<String, List<String>>> stored = records.surveysTagged(tag);
        if (stored.isEmpty())
        {
            ledger.lost(journey.who() + ", survey: no stored response carries the tag " + tag
                + "; the last page was sent via " + journey.savedVia(step(PAGES)));
            return;
        }
        if (stored.size() > 1)
            ledger.duplicated(journey.who() + ", survey: " + stored.size() + " responses stored for " + tag);
        Map<String, List<String>> response = stored.get(0);
        expectedStored.forEach((question, answers) ->
        {
            List<String> found = response.getOrDefault(question, List.of());
            if (!found.equals(answers))
                ledger.lost(journey.who() + ", survey answer " + question + ": expected " + quote(answers)
                    + ", stored " + quote(found));
        });
    }

    static String quote(List<String> values)
    {
        if (values.isEmpty() || values.equals(List.of("")))
            return "nothing";
        return values.size() == 1 ? "'" + values.get(0) + "'" : values.toString();
    }
}
