package dev.sessionfarm.session.codec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes that may be read from or written to a session. Reading anything else is refused before the
 * class is even loaded, so stored bytes can never make a node instantiate an arbitrary class.
 * <p>
 * Patterns: an exact class name, {@code com.acme.*} (classes of that package) or {@code com.acme.**}
 * (that package and its subpackages). Arrays are allowed when their element type is. Nested classes match
 * their outer class's package.
 */
public final class ClassAllowList
{
    private final Set<String> exact = new HashSet<>();
    private final List<String> packages = new ArrayList<>();
    private final List<String> packageTrees = new ArrayList<>();

    ClassAllowList(Iterable<String> patterns)
    {
        for (String pattern : patterns)
            add(pattern);
    }

    private void add(String pattern)
    {
        String p = pattern.trim();
        if (p.endsWith(".**"))
            packageTrees.add(p.substring(0, p.length() - 2));
        else if (p.endsWith(".*"))
            packages.add(p.substring(0, p.length() - 1));
        else if (!p.isEmpty() && !p.contains("*"))
            exact.add(p);
        else
            throw new IllegalArgumentException("Not a class pattern: '" + pattern
                + "'; use a class name, pkg.* or pkg.**");
    }

    public boolean allows(Class<?> type)
    {
        return allows(type.getName());
    }

    /** @param className as {@link Class#getName()} spells it, arrays included ({@code [Lcom.acme.Item;}) */
    public boolean allows(String className)
    {
        String name = elementName(className);
        if (name == null)
            return true; // an array of primitives
        if (exact.contains(name))
            return true;
        int lastDot = name.lastIndexOf('.');
        String pkg = lastDot < 0 ? "" : name.substring(0, lastDot + 1);
        if (packages.contains(pkg))
            return true;
        for (String tree : packageTrees)
        {
            if (name.startsWith(tree))
                return true;
        }
        return false;
    }

    /** The element class name of an array type, the name itself otherwise; null for primitive arrays. */
    private static String elementName(String className)
    {
        if (!className.startsWith("["))
            return className;
        String element = className.substring(className.lastIndexOf('[') + 1);
        if (element.startsWith("L") && element.endsWith(";"))
            return element.substring(1, element.length() - 1);
        return null;
    }
}
