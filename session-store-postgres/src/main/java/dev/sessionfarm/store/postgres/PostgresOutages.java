package dev.sessionfarm.store.postgres;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

import dev.sessionfarm.session.store.SessionStoreUnavailableException;

/** Tells a database that is down, unreachable, overloaded or too slow apart from a bug in a statement. */
final class PostgresOutages
{
    /** admin shutdown, crash shutdown, cannot connect now, query cancelled (statement timeout), too many connections. */
    private static final Set<String> OUTAGE_STATES = Set.of("57P01", "57P02", "57P03", "57014", "53300");

    private final String location;

    PostgresOutages(String location)
    {
        this.location = location;
    }

    /**
     * @throws SessionStoreUnavailableException if {@code e} means the database cannot serve us now
     * @return {@code e} itself otherwise, for the caller to throw
     */
    SQLException translate(SQLException e)
    {
        if (isOutage(e))
            throw new SessionStoreUnavailableException("PostgreSQL session store at " + location
                + " is unavailable: " + e.getMessage(), e);
        return e;
    }

    static boolean isOutage(SQLException e)
    {
        for (SQLException s = e; s != null; s = s.getNextException())
        {
            String state = s.getSQLState();
            if (s instanceof SQLTransientException || s instanceof SQLNonTransientConnectionException
                || s instanceof SQLRecoverableException
                || (state != null && (state.startsWith("08") || OUTAGE_STATES.contains(state))))
                return true;
            if (s.getNextException() == s)
                break;
        }
        return false;
    }
}
