package dev.sessionfarm.stateprotocol;

/** A message does not match the protocol: a length or count out of range, bad UTF-8, trailing bytes. */
public final class MalformedMessageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message)
    {
        super(message, null, false, false);
    }
}
