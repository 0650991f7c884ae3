package dev.sessionfarm.session.store;

/** What a store's loads cost since it started: how each was answered, and the attribute bytes received. */
public record CacheCounts(long unchanged, long delta, long full, long evictions, long receivedBytes)
{
}
