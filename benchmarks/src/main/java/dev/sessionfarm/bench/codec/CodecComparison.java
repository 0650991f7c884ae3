package dev.sessionfarm.bench.codec;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.sessionfarm.bench.RunSettings;
import dev.sessionfarm.bench.report.Measurement;
import dev.sessionfarm.bench.report.ResultTable;
import dev.sessionfarm.bench.report.Row;
import dev.sessionfarm.bench.report.Target;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Benchmark 1: runs {@link CodecBenchmark} under JMH and turns its scores and the value sizes into rows. */
public final class CodecComparison
{
    static final Target SPEED_TARGET = Target.ratioAtLeast(5.0);
    static final Target SIZE_TARGET = Target.ratioAtLeast(2.5);

    private CodecComparison()
    {
    }

    public static void run(RunSettings settings, ResultTable table) throws Exception
    {
        Map<String, Double> microseconds = scores(settings);
        for (String session : new String[] {DemoSessions.ORDER, DemoSessions.SURVEY})
        {
            String label = session.equals(DemoSessions.ORDER) ? "half-filled order, 10 cart lines"
                : "half-filled survey, 4 of 9 pages";
            table.add(Row.lowerIsBetter("codec round trip (" + label + ")",
                roundTrip(microseconds, session, "kryo"), roundTrip(microseconds, session, "java"), SPEED_TARGET));
            Map<String, Object> attributes = DemoSessions.byName(session);
            table.add(Row.lowerIsBetter("codec size (" + label + ")",
                Measurement.of(CodecBenchmark.kryoSize(attributes), "bytes"),
                Measurement.of(CodecBenchmark.javaSize(attributes), "bytes"), SIZE_TARGET));
        }
        table.note("Codec: ours = session-farm's Kryo SessionCodec, value by value as its stores write them (size: "
            + "names + values); peer = Java serialization as Jetty's stores do it (SessionData.serializeAttributes, "
            + "one blob). Round trip = serialize + deserialize into a fresh SessionData; JMH average time, "
            + (settings.quick() ? "no fork (quick run)" : "1 fork, 4 × 1 s warm-up, 5 × 1 s measured") + ".");
    }

    /** Average µs per call, keyed "method/session". */
    private static Map<String, Double> scores(RunSettings settings) throws Exception
    {
        boolean quick = settings.quick();
        Options options = new OptionsBuilder()
            .include(Pattern.quote(CodecBenchmark.class.getName()) + "\\.")
            .forks(quick ? 0 : 1)
            .warmupIterations(quick ? 1 : 4)
            .warmupTime(quick ? TimeValue.milliseconds(200) : TimeValue.seconds(1))
            .measurementIterations(quick ? 2 : 5)
            .measurementTime(quick ? TimeValue.milliseconds(200) : TimeValue.seconds(1))
            .threads(1)
            .jvmArgsAppend("-Xms512m", "-Xmx512m")
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();
        Map<String, Double> scores = new HashMap<>();
        for (RunResult result : new Runner(options).run())
        {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            scores.put(method + "/" + result.getParams().getParam("session"), result.getPrimaryResult().getScore());
        }
        return scores;
    }

    private static Measurement roundTrip(Map<String, Double> microseconds, String session, String codec)
    {
        double serialize = score(microseconds, codec + "Serialize", session);
        double deserialize = score(microseconds, codec + "Deserialize", session);
        return new Measurement(serialize + deserialize, "µs", String.format(Locale.ROOT, "%s + %s",
            Measurement.format(serialize), Measurement.format(deserialize)));
    }

    private static double score(Map<String, Double> microseconds, String method, String session)
    {
        Double score = microseconds.get(method + "/" + session);
        if (score == null)
            throw new IllegalStateException("JMH gave no score for " + method + " on the " + session + " session");
        return score;
    }
}
