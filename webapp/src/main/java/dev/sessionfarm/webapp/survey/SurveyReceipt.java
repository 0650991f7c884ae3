package dev.sessionfarm.webapp.survey;

/** What the thank-you page shows after the answers were stored. */
public record SurveyReceipt(long responseNumber, int answers)
{
}
