package dev.sessionfarm.stateserver;

/**
 * Where the store reports each mutation, in the order it applies them: the persistence log, or nothing. Called
 * while the session's stripe lock is held, so the log order matches the order of the changes in memory.
 */
interface Journal {

    Journal NONE = new Journal() {
        @Override
        public void checkWritable() {
        }

        @Override
        public void put(String scope, StoredSession session) {
        }

        @Override
        public void metadata(String scope, StoredSession session) {
        }

        @Override
        public void remove(String scope, StoredSession session) {
        }
    };

    /** Throws a {@link RefusedException} if a mutation could not be made durable now; called before applying. */
    void checkWritable();

    /** The whole session as it now is. */
    void put(String scope, StoredSession session);

    /** Only the session's metadata changed. */
    void metadata(String scope, StoredSession session);

    void remove(String scope, StoredSession session);
}
