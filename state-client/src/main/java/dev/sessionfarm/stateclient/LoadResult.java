package dev.sessionfarm.stateclient;

import java.util.List;

import dev.sessionfarm.model.SessionMetadata;

/**
 * The answer to a load. Expired sessions are returned like any other; the caller decides what expiry means.
 *
 * @param status     what the server found
 * @param metadata   null when {@link Status#NOT_FOUND}
 * @param version    the session's current version, 0 when not found
 * @param attributes all attributes when {@link Status#FOUND}; when {@link Status#DELTA} those written after the
 *                   known version; otherwise empty
 * @param kept       when {@link Status#DELTA}, the names of the attributes not written since the known version (any
 *                   other attribute the caller knows was removed); otherwise empty
 */
public record LoadResult(Status status, SessionMetadata metadata, long version, List<StoredAttribute> attributes,
    List<String> kept)
{
    public enum Status
    {
        NOT_FOUND,
        /** The session's version equals the caller's known version; no attribute bytes were sent. */
        UNCHANGED,
        FOUND,
        /** Only what changed since the caller's known version (protocol 2). */
        DELTA
    }

    private static final LoadResult NOT_FOUND = new LoadResult(Status.NOT_FOUND, null, 0, List.of(), List.of());

    public static LoadResult notFound()
    {
        return NOT_FOUND;
    }

    public static LoadResult unchanged(SessionMetadata metadata, long version)
    {
        return new LoadResult(Status.UNCHANGED, metadata, version, List.of(), List.of());
    }

    public static LoadResult found(SessionMetadata metadata, long version, List<StoredAttribute> attributes)
    {
        return new LoadResult(Status.FOUND, metadata, version, List.copyOf(attributes), List.of());
    }

    public static LoadResult delta(SessionMetadata metadata, long version, List<StoredAttribute> written,
                                   List<String> kept)
    {
        return new LoadResult(Status.DELTA, metadata, version, List.copyOf(written), List.copyOf(kept));
    }
}
