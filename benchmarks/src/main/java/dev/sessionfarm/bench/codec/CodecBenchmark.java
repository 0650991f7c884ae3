package dev.sessionfarm.bench.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.webapp.order.OrderServlet;
import dev.sessionfarm.webapp.survey.SurveyServlet;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.util.ClassLoadingObjectInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A whole session's attributes to bytes and back: our Kryo codec, one value at a time as our stores write them,
 * against Java serialization of the attribute map exactly as Jetty's stores do it
 * ({@code SessionData.serializeAttributes} into an ObjectOutputStream, read back through Jetty's
 * ClassLoadingObjectInputStream). Both read into a fresh SessionData, as a load does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark
{
    @Param({DemoSessions.ORDER, DemoSessions.SURVEY})
    public String session;

    private SessionCodec codec;
    private Map<String, Object> attributes;
    private SessionData source;
    private List<String> kryoNames;
    private List<byte[]> kryoValues;
    private byte[] javaBytes;

    @Setup
    public void prepare() throws Exception
    {
        codec = demoCodec();
        attributes = DemoSessions.byName(session);
        source = sessionData(attributes);
        kryoNames = new ArrayList<>(attributes.keySet());
        kryoValues = kryoSerialize();
        javaBytes = javaSerialize();
    }

    /** The codec as a demo node configures it: default settings, the webapp's classes allowed. */
    public static SessionCodec demoCodec()
    {
        return SessionCodec.builder().allow(OrderServlet.storedTypes()).allow(SurveyServlet.storedTypes()).build();
    }

    @Benchmark
    public List<byte[]> kryoSerialize()
    {
        List<byte[]> values = new ArrayList<>(attributes.size());
        for (Map.Entry<String, Object> attribute : attributes.entrySet())
            values.add(codec.encode(attribute.getKey(), attribute.getValue()));
        return values;
    }

    @Benchmark
    public SessionData kryoDeserialize()
    {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < kryoNames.size(); i++)
            values.put(kryoNames.get(i), codec.decode(kryoValues.get(i)));
        SessionData data = emptySessionData();
        data.putAllAttributes(values);
        return data;
    }

    @Benchmark
    public byte[] javaSerialize() throws IOException
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes))
        {
            SessionData.serializeAttributes(source, out);
        }
        return bytes.toByteArray();
    }

    @Benchmark
    public SessionData javaDeserialize() throws Exception
    {
        SessionData data = emptySessionData();
        try (ClassLoadingObjectInputStream in = new ClassLoadingObjectInputStream(new ByteArrayInputStream(javaBytes)))
        {
            SessionData.deserializeAttributes(data, in);
        }
        return data;
    }

    /** What our stores keep for the attributes: each name and its encoded value (names are stored as text). */
    public static long kryoSize(Map<String, Object> attributes)
    {
        SessionCodec codec = demoCodec();
        long size = 0;
        for (Map.Entry<String, Object> attribute : attributes.entrySet())
            size += attribute.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + codec.encode(attribute.getKey(), attribute.getValue()).length;
        return size;
    }

    /** What Jetty's stores keep for the attributes: the one serialized blob. */
    public static long javaSize(Map<String, Object> attributes) throws IOException
    {
        CodecBenchmark benchmark = new CodecBenchmark();
        benchmark.source = sessionData(attributes);
        return benchmark.javaSerialize().length;
    }

    private static SessionData sessionData(Map<String, Object> attributes)
    {
        SessionData data = emptySessionData();
        data.putAllAttributes(attributes);
        return data;
    }

    private static SessionData emptySessionData()
    {
        return new SessionData("codec-benchmark", "/", "0.0.0.0", 0, 0, 0, 0);
    }
}
