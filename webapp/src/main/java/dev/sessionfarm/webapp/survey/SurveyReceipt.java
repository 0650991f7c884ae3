package dev.sessionfarm.webapp.survey;

import java.io.Serializable;

/** What the thank-you page shows after the answers were stored. */
public record SurveyReceipt(long responseNumber, int answers) implements Serializable
{
}
