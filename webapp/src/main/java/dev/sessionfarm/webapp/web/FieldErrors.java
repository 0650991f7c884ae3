package dev.sessionfarm.webapp.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Validation messages by form field, shown next to the field; the first message for a field wins. */
public final class FieldErrors
{
    private final Map<String, String> messages = new LinkedHashMap<>();

    public void add(String field, String message)
    {
        messages.putIfAbsent(field, message);
    }

    public boolean has(String field)
    {
        return messages.containsKey(field);
    }

    public String get(String field)
    {
        return messages.get(field);
    }

    public boolean isEmpty()
    {
        return messages.isEmpty();
    }

    public Map<String, String> all()
    {
        return Collections.unmodifiableMap(messages);
    }
}
