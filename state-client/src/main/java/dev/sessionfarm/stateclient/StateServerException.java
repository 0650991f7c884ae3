package dev.sessionfarm.stateclient;

/** Base of the state client's unchecked exceptions. */
public abstract class StateServerException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    protected StateServerException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
