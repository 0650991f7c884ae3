package dev.sessionfarm.stateserver;

/** The data directory holds damage that would cost acknowledged records; the server refuses to start. */
final class DamagedDataException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    DamagedDataException(String message)
    {
        super(message);
    }
}
