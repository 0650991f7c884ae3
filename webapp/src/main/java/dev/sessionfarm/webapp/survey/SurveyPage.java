package dev.sessionfarm.webapp.survey;

import java.util.List;

/** One page of the survey: a title, an introduction and its questions. */
public record SurveyPage(int number, String title, String intro, List<Question> questions)
{
    public SurveyPage
    {
        questions = List.copyOf(questions);
    }
}
