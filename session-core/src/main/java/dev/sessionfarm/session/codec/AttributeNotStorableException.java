package dev.sessionfarm.session.codec;

/**
 * A session attribute value that cannot be serialized. Thrown in the request that set it, naming the
 * attribute and the class, so the fix is obvious from the log line alone.
 */
public class AttributeNotStorableException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String attribute;
    private final String className;

    public AttributeNotStorableException(String attribute, String className, String reason, Throwable cause)
    {
        super("Session attribute '" + attribute + "' cannot be stored: " + reason, cause);
        this.attribute = attribute;
        this.className = className;
    }

    public String attribute()
    {
        return attribute;
    }

    /** The class that could not be written: the value's own class or one reached from it. */
    public String className()
    {
        return className;
    }
}
