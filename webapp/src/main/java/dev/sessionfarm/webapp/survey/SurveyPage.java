package dev.sessionfarm.webapp.survey;

import java.util.List;

import dev.sessionfarm.webapp.web.Texts;

/** One page of the survey: a title, an introduction and its questions. */
public record SurveyPage(int number, String title, String intro, List<Question> questions)
{
    public SurveyPage
    {
        questions = List.copyOf(questions);
    }

    public String shownTitle()
    {
        return Texts.getOr("survey.page." + number + ".title", title);
    }

    public String shownIntro()
    {
        return Texts.getOr("survey.page." + number + ".intro", intro);
    }
}
