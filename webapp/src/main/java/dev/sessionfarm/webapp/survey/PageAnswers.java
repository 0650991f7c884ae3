package dev.sessionfarm.webapp.survey;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.webapp.web.FieldErrors;
import dev.sessionfarm.webapp.web.FormInput;
import dev.sessionfarm.webapp.web.Texts;

/** The answers given on one survey page, by question id; a question not answered has no entry. */
public record PageAnswers(Map<String, List<String>> values) implements Serializable
{
    static final PageAnswers NONE = new PageAnswers(Map.of());

    public PageAnswers
    {
        values = Map.copyOf(values);
    }

    /** Reads the page's answers; a value that is not one of a question's options is an error, whatever the button. */
    static PageAnswers read(SurveyPage page, FormInput in)
    {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Question q : page.questions())
        {
            List<String> given = switch (q.kind())
            {
                case TEXT -> List.of(in.text(q.field(), Question.TEXT_MAX));
                case SINGLE, RATING -> List.of(in.text(q.field(), 10));
                case MULTIPLE -> in.values(q.field(), 10).stream().distinct().toList();
            };
            List<String> answered = given.stream().filter(v -> !v.isEmpty()).toList();
            if (q.kind() != Question.Kind.TEXT && !answered.stream().allMatch(q::allows))
                in.errors().add(q.field(), "Please choose from the options shown.");
            if (!answered.isEmpty())
                values.put(q.id(), answered);
        }
        return new PageAnswers(values);
    }

    /** What "next" requires on top of {@link #read}: every required question answered. */
    void check(SurveyPage page, FieldErrors errors)
    {
        for (Question q : page.questions())
        {
            if (q.required() && !values.containsKey(q.id()))
                errors.add(q.field(), Texts.get(q.kind() == Question.Kind.MULTIPLE ? "survey.tick"
                    : q.kind() == Question.Kind.TEXT ? "survey.write" : "survey.choose"));
        }
    }

    boolean isComplete(SurveyPage page)
    {
        FieldErrors errors = new FieldErrors();
        check(page, errors);
        return errors.isEmpty();
    }

    public boolean has(String questionId, String value)
    {
        return values.getOrDefault(questionId, List.of()).contains(value);
    }

    public String text(String questionId)
    {
        List<String> answer = values.getOrDefault(questionId, List.of());
        return answer.isEmpty() ? "" : answer.get(0);
    }
}
