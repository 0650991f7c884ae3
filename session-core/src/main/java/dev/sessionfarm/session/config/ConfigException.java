package dev.sessionfarm.session.config;

/** A setting that cannot be used; the message names the key, the value and what is allowed. */
public class ConfigException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    public ConfigException(String message)
    {
        super(message);
    }
}
