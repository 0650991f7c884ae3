package dev.sessionfarm.webapp.web;

import java.time.Duration;
import java.util.UUID;

/**
 * TEST ONLY ({@code node --test-pause-after-final-insert DURATION}, never set in a deployment): holds a final submit
 * after its insert was committed, once before the session is renamed and once after, so that a test can kill the
 * node exactly between the commit and the answer, where a real crash is rare and unreachable on purpose. Each pause
 * prints one line, so that the test knows where the request is held.
 */
public final class FinalSubmitPause
{
    public static final FinalSubmitPause NONE = new FinalSubmitPause(Duration.ZERO);
    public static final String FLAG = "test-pause-after-final-insert";

    private final Duration pause;

    public FinalSubmitPause(Duration pause)
    {
        this.pause = pause;
    }

    /** The insert of {@code submission} is committed; the session still has the draft under its old id. */
    public void afterInsert(String form, UUID submission)
    {
        hold(form, submission, "stored, session not renamed yet");
    }

    /** The session has its new id (the old one is gone from the store) and the answer has not left yet. */
    public void afterRename(String form, UUID submission)
    {
        hold(form, submission, "stored, session renamed");
    }

    private void hold(String form, UUID submission, String stage)
    {
        if (pause.isZero())
            return;
        System.out.println("test pause: " + form + " " + submission + " " + stage + "; holding the answer for "
            + pause.toMillis() + " ms");
        try
        {
            Thread.sleep(pause.toMillis());
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
