package dev.sessionfarm.session.store;

/** A session whose serialized attributes would pass {@code session.maxBytes}; the change is refused, nothing is stored. */
public class SessionTooLargeException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    public SessionTooLargeException(String sessionId, String attribute, int attributeBytes, long totalBytes,
                                    int maxBytes)
    {
        super("Session " + sessionId + " would hold " + totalBytes + " bytes with attribute '" + attribute + "' ("
            + attributeBytes + " bytes), over the limit session.maxBytes=" + maxBytes
            + "; store less in the session or raise the limit");
    }
}
