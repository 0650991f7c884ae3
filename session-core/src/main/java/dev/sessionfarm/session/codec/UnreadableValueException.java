package dev.sessionfarm.session.codec;

/** Stored bytes that cannot be turned back into a value: corrupt, an unknown format, or a class not allowed. */
public class UnreadableValueException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public UnreadableValueException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
