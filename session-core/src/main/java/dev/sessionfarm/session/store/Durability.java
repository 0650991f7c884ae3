package dev.sessionfarm.session.store;

/**
 * What a store promises about a save it has acknowledged, so that a page can say truthfully what happens to saved
 * answers while the store is down. A store reports it when asked ({@link DeltaSessionDataStore#durability()}).
 */
public enum Durability
{
    /** Every acknowledged save is on disk before it is acknowledged: a crash of the store loses none. */
    DURABLE("Answers you already saved are safe."),
    /** On disk, but written a moment after it is acknowledged: a crash of the store may lose the last second. */
    WRITTEN_SOON("Answers you already saved are kept on disk; if the session store crashed, those of its last second "
        + "may be lost."),
    /** Kept in the store's memory only: a restart of the store loses every session. */
    IN_MEMORY("Answers you already saved are kept in the memory of the session store: safe while it runs, lost if "
        + "it was restarted."),
    /** The store did not say (it could not be asked, or it is a custom store that does not tell). */
    UNKNOWN("");

    private final String promise;

    Durability(String promise)
    {
        this.promise = promise;
    }

    /** One sentence for people filling a form, or empty when nothing can be promised. */
    public String promise()
    {
        return promise;
    }
}
