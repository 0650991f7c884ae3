package dev.sessionfarm.session.codec;

/** Raised inside Kryo when a class off the allow-list is met while writing or reading a value. */
final class ClassNotAllowedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String className;

    ClassNotAllowedException(String className)
    {
        super("class " + className + " is not on the session allow-list");
        this.className = className;
    }

    String className()
    {
        return className;
    }
}
