package dev.sessionfarm.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/** Records, per session id, every node on which {@code sessionDestroyed} ran. */
public final class SessionEndLog
{
    private final Map<String, List<String>> endedOn = new ConcurrentHashMap<>();

    public HttpSessionListener listenerFor(String node)
    {
        return new HttpSessionListener()
        {
            @Override
            public void sessionDestroyed(HttpSessionEvent event)
            {
                endedOn.computeIfAbsent(event.getSession().getId(), id -> new CopyOnWriteArrayList<>()).add(node);
            }
        };
    }

    public Map<String, List<String>> endedOn()
    {
        return Map.copyOf(endedOn);
    }
}
