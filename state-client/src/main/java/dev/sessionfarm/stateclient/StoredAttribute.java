package dev.sessionfarm.stateclient;

import java.util.Objects;

/**
 * One attribute as stored: the opaque value bytes (the state server never deserializes them) and the session
 * version of the save that last wrote it.
 */
public record StoredAttribute(String name, long writtenVersion, byte[] value)
{
    public StoredAttribute
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
