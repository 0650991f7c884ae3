package dev.sessionfarm.session.store;

/**
 * @param newVersion the session's version after the save
 * @param conflicts  attributes of the save that another writer had changed since the writer loaded (last write won)
 */
public record SaveResult(long newVersion, int conflicts)
{
}
