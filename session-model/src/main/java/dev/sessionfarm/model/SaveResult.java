package dev.sessionfarm.model;

/**
 * The answer to a {@link SaveRequest}.
 *
 * @param status     SAVED, or NOT_FOUND for a delta of a session that no longer exists (ended elsewhere meanwhile)
 * @param newVersion the session's version after the save (1 for a new session), 0 when not found
 * @param conflicts  how many of the saved or removed attributes someone else had written after the base version
 *                   (last write won)
 */
public record SaveResult(Status status, long newVersion, int conflicts)
{
    public enum Status
    {
        SAVED,
        NOT_FOUND
    }

    private static final SaveResult NOT_FOUND = new SaveResult(Status.NOT_FOUND, 0, 0);

    public static SaveResult saved(long newVersion, int conflicts)
    {
        return new SaveResult(Status.SAVED, newVersion, conflicts);
    }

    public static SaveResult notFound()
    {
        return NOT_FOUND;
    }

    public boolean isSaved()
    {
        return status == Status.SAVED;
    }
}
