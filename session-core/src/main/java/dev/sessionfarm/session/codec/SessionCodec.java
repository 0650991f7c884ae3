package dev.sessionfarm.session.codec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CompatibleFieldSerializer;
import com.esotericsoftware.kryo.serializers.EnumNameSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Pool;
import dev.sessionfarm.session.config.SessionSettings;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Turns one session attribute value into bytes and back, with Kryo.
 * <p>
 * Stored format: one format byte ({@link #FORMAT_V1}), one flags byte ({@link #FLAG_DEFLATED}), then Kryo's
 * bytes for the value, deflated when they are larger than the compression threshold. JDK types are written as
 * fixed ids ({@link StableRegistrations}); application classes allowed by class as an id derived from their name,
 * and those allowed only by a name pattern as their name; enums by constant name, and plain classes field by field
 * with names ({@link CompatibleFieldSerializer}), so builds that differ in registration order or in added/removed
 * fields still read each other's sessions. Record components are matched by name; adding or removing one needs a
 * new record name.
 * <p>
 * Thread-safe: Kryo instances are pooled.
 */
public final class SessionCodec
{
    static final byte FORMAT_V1 = (byte)0xF1;
    static final byte FLAG_DEFLATED = 1;
    private static final int HEADER = 2;
    private static final int POOLED_BUFFER_LIMIT = 64 * 1024;

    /** The JDK value and collection types allowed in every session, besides those with stable ids. */
    private static final List<String> JDK_ALLOWED = List.of(
        "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short",
        "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Object",
        "java.time.*", "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
        "java.util.ImmutableCollections$Set12", "java.util.ImmutableCollections$SetN",
        "java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$MapN");

    private final ClassAllowList allowList;
    private final int compressThreshold;
    private final int maxDecodedBytes;
    private final Map<Class<?>, Integer> applicationIds;
    private final Pool<PooledKryo> pool;

    private SessionCodec(Builder builder)
    {
        List<String> patterns = new ArrayList<>(JDK_ALLOWED);
        StableRegistrations.idsToNames().values().forEach(patterns::add);
        patterns.addAll(builder.patterns);
        this.allowList = new ClassAllowList(patterns);
        this.compressThreshold = builder.compressThreshold;
        this.maxDecodedBytes = builder.maxDecodedBytes;
        this.applicationIds = StableRegistrations.applicationIds(builder.classes);
        this.pool = new Pool<>(true, false, 256)
        {
            @Override
            protected PooledKryo create()
            {
                return new PooledKryo(allowList, applicationIds);
            }
        };
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** A builder with the settings' allowed classes, compression threshold and decoded-size bound. */
    public static Builder configuredBy(SessionSettings config)
    {
        return builder().allow(config.allowedClasses()).compressThreshold(config.compressThreshold())
            .maxDecodedBytes(config.maxBytes());
    }

    public boolean allows(Class<?> type)
    {
        return allowList.allows(type);
    }

    /**
     * @param attribute the attribute's name, for the error message
     * @throws AttributeNotStorableException naming the attribute and the offending class
     */
    public byte[] encode(String attribute, Object value)
    {
        PooledKryo pooled = borrow();
        boolean healthy = false;
        try
        {
            Output output = pooled.output;
            output.reset();
            output.writeByte(FORMAT_V1);
            output.writeByte(0);
            pooled.kryo.writeClassAndObject(output, value);
            byte[] bytes = output.toBytes();
            healthy = true;
            return compressThreshold > 0 && bytes.length - HEADER > compressThreshold ? deflate(bytes) : bytes;
        }
        catch (RuntimeException | StackOverflowError e)
        {
            ClassNotAllowedException notAllowed = find(e, ClassNotAllowedException.class);
            if (notAllowed != null)
                throw new AttributeNotStorableException(attribute, notAllowed.className(),
                    "class " + notAllowed.className() + " is not on the session allow-list; allow it with the setting "
                        + "session.allowedClasses (e.g. " + notAllowed.className() + " or its package followed by .**)"
                        + " or SessionCodec.Builder.allow(...)",
                    e);
            String className = value == null ? "null" : value.getClass().getName();
            throw new AttributeNotStorableException(attribute, className,
                "a value of class " + className + " could not be serialized (" + e + ")", e);
        }
        finally
        {
            release(pooled, healthy);
        }
    }

    /** @throws UnreadableValueException for bytes that are corrupt, of an unknown format, or name a class not allowed */
    public Object decode(byte[] stored)
    {
        if (stored == null || stored.length < HEADER + 1 || stored[0] != FORMAT_V1)
            throw new UnreadableValueException("not a session value of a known format ("
                + (stored == null || stored.length == 0 ? "empty" : String.format("first byte 0x%02x", stored[0]))
                + ")", null);
        byte[] body = stored;
        int offset = HEADER;
        if ((stored[1] & FLAG_DEFLATED) != 0)
        {
            body = inflate(stored);
            offset = 0;
        }
        PooledKryo pooled = borrow();
        boolean healthy = false;
        try
        {
            Input input = new Input(body, offset, body.length - offset);
            Object value = pooled.kryo.readClassAndObject(input);
            if (input.position() != input.limit())
                throw new UnreadableValueException(
                    (input.limit() - input.position()) + " unexpected bytes after the value", null);
            healthy = true;
            return value;
        }
        catch (UnreadableValueException e)
        {
            throw e;
        }
        catch (RuntimeException | StackOverflowError | LinkageError e)
        {
            ClassNotAllowedException notAllowed = find(e, ClassNotAllowedException.class);
            String reason = notAllowed != null ? notAllowed.getMessage() : e.toString();
            throw new UnreadableValueException(reason, e);
        }
        finally
        {
            release(pooled, healthy);
        }
    }

    private PooledKryo borrow()
    {
        PooledKryo pooled = pool.obtain();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        pooled.useClassLoader(loader != null ? loader : SessionCodec.class.getClassLoader());
        return pooled;
    }

    /** An instance that failed mid-stream may hold half a graph in its reference tables: it is dropped, not reused. */
    private void release(PooledKryo pooled, boolean healthy)
    {
        if (!healthy)
            return;
        if (pooled.output.getBuffer().length > POOLED_BUFFER_LIMIT)
            pooled.output.setBuffer(new byte[4096], -1);
        pool.free(pooled);
    }

    private static byte[] deflate(byte[] plain)
    {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try
        {
            deflater.setInput(plain, HEADER, plain.length - HEADER);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2 + 16);
            out.write(FORMAT_V1);
            out.write(FLAG_DEFLATED);
            byte[] chunk = new byte[8192];
            while (!deflater.finished())
                out.write(chunk, 0, deflater.deflate(chunk));
            byte[] deflated = out.toByteArray();
            return deflated.length < plain.length ? deflated : plain;
        }
        finally
        {
            deflater.end();
        }
    }

    /** Inflates at most {@code maxDecodedBytes}, so a corrupt or hostile value cannot exhaust memory. */
    private byte[] inflate(byte[] stored)
    {
        Inflater inflater = new Inflater();
        try
        {
            inflater.setInput(stored, HEADER, stored.length - HEADER);
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
            byte[] chunk = new byte[8192];
            while (!inflater.finished())
            {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary()))
                    throw new UnreadableValueException("truncated compressed value", null);
                out.write(chunk, 0, n);
                if (out.size() > maxDecodedBytes)
                    throw new UnreadableValueException("compressed value inflates past " + maxDecodedBytes + " bytes",
                        null);
            }
            return out.toByteArray();
        }
        catch (DataFormatException e)
        {
            throw new UnreadableValueException("corrupt compressed value", e);
        }
        finally
        {
            inflater.end();
        }
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type)
    {
        for (Throwable t = e; t != null; t = t.getCause())
        {
            if (type.isInstance(t))
                return type.cast(t);
        }
        return null;
    }

    /** One Kryo with its resolver and a reusable output buffer; never shared between threads. */
    private static final class PooledKryo
    {
        final Kryo kryo;
        final AllowListClassResolver resolver;
        final Output output = new Output(4096, -1);

        PooledKryo(ClassAllowList allowList, Map<Class<?>, Integer> applicationIds)
        {
            resolver = new AllowListClassResolver(allowList);
            kryo = new Kryo(resolver, new MapReferenceResolver());
            kryo.setRegistrationRequired(false);
            kryo.setWarnUnregisteredClasses(false);
            kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
            CompatibleFieldSerializer.CompatibleFieldSerializerConfig fields =
                new CompatibleFieldSerializer.CompatibleFieldSerializerConfig();
            fields.setChunkedEncoding(true);
            fields.setReadUnknownFieldData(true);
            kryo.setDefaultSerializer(new SerializerFactory.CompatibleFieldSerializerFactory(fields));
            kryo.addDefaultSerializer(Enum.class, EnumNameSerializer.class);
            StableRegistrations.register(kryo);
            applicationIds.forEach(kryo::register);
        }

        void useClassLoader(ClassLoader loader)
        {
            if (kryo.getClassLoader() != loader)
            {
                kryo.setClassLoader(loader);
                resolver.forgetClassNames();
            }
        }
    }

    public static final class Builder
    {
        private final List<String> patterns = new ArrayList<>();
        private final List<Class<?>> classes = new ArrayList<>();
        private int compressThreshold = 8 * 1024;
        private int maxDecodedBytes = 16 * 1024 * 1024;

        private Builder()
        {
        }

        /**
         * Allows these classes (and arrays of them). Records, enums and plain classes alike. They are stored as a
         * 4-byte id derived from the class name rather than as the name.
         */
        public Builder allow(Class<?>... types)
        {
            for (Class<?> type : types)
            {
                patterns.add(type.getName());
                classes.add(type);
            }
            return this;
        }

        /** Allows class names, {@code pkg.*} or {@code pkg.**} patterns; such classes are stored with their name. */
        public Builder allow(Iterable<String> classPatterns)
        {
            classPatterns.forEach(patterns::add);
            return this;
        }

        /** Values whose serialized form is larger than this are deflated; 0 turns compression off. */
        public Builder compressThreshold(int bytes)
        {
            this.compressThreshold = bytes;
            return this;
        }

        /** The most bytes one compressed value may inflate to. */
        public Builder maxDecodedBytes(int bytes)
        {
            this.maxDecodedBytes = bytes;
            return this;
        }

        public SessionCodec build()
        {
            return new SessionCodec(this);
        }
    }
}
