package dev.sessionfarm.session.codec;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Serializers for JDK types Kryo does not handle on Java 17 without opening JDK internals: they go
 * through public API only.
 */
final class JdkSerializers
{
    private JdkSerializers()
    {
    }

    static final class UuidSerializer extends Serializer<UUID>
    {
        UuidSerializer()
        {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, UUID uuid)
        {
            output.writeLong(uuid.getMostSignificantBits());
            output.writeLong(uuid.getLeastSignificantBits());
        }

        @Override
        public UUID read(Kryo kryo, Input input, Class<? extends UUID> type)
        {
            return new UUID(input.readLong(), input.readLong());
        }
    }

    /** {@code Collections.unmodifiableX(...)}: the contents are written as a plain copy and wrapped again on read. */
    static final class UnmodifiableSerializer<T> extends Serializer<T>
    {
        private final Function<T, Object> copy;
        private final Function<Object, T> wrap;

        private UnmodifiableSerializer(Function<T, Object> copy, Function<Object, T> wrap)
        {
            this.copy = copy;
            this.wrap = wrap;
        }

        @Override
        public void write(Kryo kryo, Output output, T value)
        {
            kryo.writeClassAndObject(output, copy.apply(value));
        }

        @Override
        public T read(Kryo kryo, Input input, Class<? extends T> type)
        {
            return wrap.apply(kryo.readClassAndObject(input));
        }

        @SuppressWarnings("unchecked")
        static Serializer<?> list()
        {
            return new UnmodifiableSerializer<List<Object>>(ArrayList::new,
                o -> Collections.unmodifiableList((List<Object>)o));
        }

        @SuppressWarnings("unchecked")
        static Serializer<?> set()
        {
            return new UnmodifiableSerializer<Set<Object>>(LinkedHashSet::new,
                o -> Collections.unmodifiableSet((Set<Object>)o));
        }

        @SuppressWarnings("unchecked")
        static Serializer<?> sortedSet()
        {
            return new UnmodifiableSerializer<SortedSet<Object>>(TreeSet::new,
                o -> Collections.unmodifiableSortedSet((SortedSet<Object>)o));
        }

        @SuppressWarnings("unchecked")
        static Serializer<?> map()
        {
            return new UnmodifiableSerializer<Map<Object, Object>>(LinkedHashMap::new,
                o -> Collections.unmodifiableMap((Map<Object, Object>)o));
        }

        @SuppressWarnings("unchecked")
        static Serializer<?> sortedMap()
        {
            return new UnmodifiableSerializer<SortedMap<Object, Object>>(TreeMap::new,
                o -> Collections.unmodifiableSortedMap((SortedMap<Object, Object>)o));
        }

        @SuppressWarnings("unchecked")
        static Serializer<?> collection()
        {
            return new UnmodifiableSerializer<Collection<Object>>(ArrayList::new,
                o -> Collections.unmodifiableCollection((Collection<Object>)o));
        }
    }

    /**
     * A {@link Proxy}: its interfaces and its invocation handler, each checked against the allow-list like
     * any other class. Kryo routes every proxy class to the registration of {@link InvocationHandler}.
     */
    static final class ProxySerializer extends Serializer<Object>
    {
        @Override
        public void write(Kryo kryo, Output output, Object proxy)
        {
            Class<?>[] interfaces = proxy.getClass().getInterfaces();
            output.writeVarInt(interfaces.length, true);
            for (Class<?> type : interfaces)
                kryo.writeClass(output, type);
            kryo.writeClassAndObject(output, Proxy.getInvocationHandler(proxy));
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type)
        {
            int count = input.readVarInt(true);
            if (count > 64)
                throw new IllegalStateException("A proxy with " + count + " interfaces is not plausible");
            Class<?>[] interfaces = new Class<?>[count];
            for (int i = 0; i < count; i++)
                interfaces[i] = kryo.readClass(input).getType();
            InvocationHandler handler = (InvocationHandler)kryo.readClassAndObject(input);
            return Proxy.newProxyInstance(kryo.getClassLoader(), interfaces, handler);
        }
    }
}
