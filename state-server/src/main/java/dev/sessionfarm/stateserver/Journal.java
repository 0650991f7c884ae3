package dev.sessionfarm.stateserver;

/**
 * Where the store reports each mutation, in the order it applies them: the persistence log, or nothing. Called
 * while the session's stripe lock is held, so the log order matches the order of the changes in memory.
 */
interface Journal
{
    Journal NONE = new Journal()
    {
        @Override
        public void checkWritable()
        {
        }

        @Override
        public long put(String scope, SessionEntry session)
        {
            return 0;
        }

        @Override
        public long metadata(String scope, SessionEntry session)
        {
            return 0;
        }

        @Override
        public long remove(String scope, SessionEntry session)
        {
            return 0;
        }
    };

    /** Throws a {@link RefusedException} if a mutation could not be made durable now; called before applying. */
    void checkWritable();

    /** The whole session as it now is. Returns the change's sequence number (see {@link Persistence#awaitDurable}). */
    long put(String scope, SessionEntry session);

    /** Only the session's metadata changed. */
    long metadata(String scope, SessionEntry session);

    long remove(String scope, SessionEntry session);
}
