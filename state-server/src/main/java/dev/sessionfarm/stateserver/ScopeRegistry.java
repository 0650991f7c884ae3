package dev.sessionfarm.stateserver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import dev.sessionfarm.stateprotocol.ErrorCode;

/**
 * Gives each application scope a small number, so that a session stores an int instead of repeating its scope's
 * name. Scopes are few (one per deployed application), so the registry never forgets one.
 */
final class ScopeRegistry
{
    static final int MAX_SCOPES = 65_536;

    private final ConcurrentHashMap<String, Integer> numbers = new ConcurrentHashMap<>();
    private final List<String> names = new ArrayList<>();

    /** The scope's number, or -1 if no session was ever saved in it. */
    int lookup(String scope)
    {
        Integer number = numbers.get(scope);
        return number == null ? -1 : number;
    }

    int register(String scope)
    {
        Integer number = numbers.get(scope);
        if (number != null)
        {
            return number;
        }
        synchronized (names)
        {
            number = numbers.get(scope);
            if (number == null)
            {
                if (names.size() >= MAX_SCOPES)
                {
                    throw new RefusedException(ErrorCode.LIMIT_REACHED, "the state server holds sessions of "
                        + MAX_SCOPES + " scopes already; scopes are meant to be one per application");
                }
                number = names.size();
                names.add(scope);
                numbers.put(scope, number);
            }
            return number;
        }
    }

    String name(int number)
    {
        synchronized (names)
        {
            return names.get(number);
        }
    }
}
