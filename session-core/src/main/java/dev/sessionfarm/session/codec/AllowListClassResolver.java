package dev.sessionfarm.session.codec;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Kryo's class resolver with two gates: a class name read from stored bytes is checked against the
 * allow-list before any class is loaded, and a class met while writing is checked before Kryo registers it.
 * Classes with stable ids ({@link StableRegistrations}) never reach either gate.
 */
final class AllowListClassResolver extends DefaultClassResolver
{
    private final ClassAllowList allowList;

    AllowListClassResolver(ClassAllowList allowList)
    {
        this.allowList = allowList;
    }

    @Override
    protected Class<?> getTypeByName(String className)
    {
        if (!allowList.allows(className))
            throw new ClassNotAllowedException(className);
        return super.getTypeByName(className);
    }

    @Override
    public Registration registerImplicit(Class type)
    {
        if (!allowList.allows(type))
            throw new ClassNotAllowedException(type.getName());
        return super.registerImplicit(type);
    }

    /** Forgets classes resolved by name, which belong to the previous class loader. */
    void forgetClassNames()
    {
        if (nameToClass != null)
            nameToClass.clear();
    }
}
