package dev.sessionfarm.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.sessionfarm.bench.report.Row;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every benchmark in its quick form, so that the harness cannot rot: each runs and produces sane rows, and the
 * table is printed. Nothing here judges speed (that is for full runs on a quiet machine): a target missed in a
 * quick run fails nothing.
 */
class QuickRunTest
{
    /** The figures a run must produce, one or more rows each (prefixes of the row names). */
    private static final List<String> FIGURES = List.of("codec round trip", "codec size",
        "SQL store, form steps/s, 2 KB", "SQL store, form steps/s, 200 KB", "state server, form steps/s, 2 KB",
        "state server, form steps/s, 200 KB", "farm, shared cores: form steps/s",
        "farm, shared cores: node CPU per form step", "farm, dedicated store core: form steps/s",
        "farm, dedicated store core: node CPU per form step",
        "farm, state-server mode, 3 partitions vs 1: form steps/s",
        "farm, state-server mode, 3 partitions vs 1: state servers' CPU per form step", "memory per stored byte",
        "node restart", "state server restart");

    @Test
    void everyBenchmarkProducesSaneRowsAndTheTableIsPrinted() throws Exception
    {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        BenchmarkMain.Outcome outcome;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8))
        {
            outcome = BenchmarkMain.run(new String[] {"--quick"}, out);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        System.out.println(printed);

        assertEquals(List.of(), outcome.failures(), "benchmarks that failed (see the output)");
        List<Row> rows = outcome.table().rows();
        Set<String> missing = FIGURES.stream()
            .filter(figure -> rows.stream().noneMatch(row -> row.figure().startsWith(figure)))
            .collect(Collectors.toSet());
        assertEquals(Set.of(), missing, "figures without a row");
        for (Row row : rows)
        {
            assertTrue(row.ours().available() && row.ours().value() > 0, "ours of '" + row.figure() + "'");
            assertTrue(!row.peer().available() || row.peer().value() > 0, "peer of '" + row.figure() + "'");
            assertTrue(printed.contains("| " + row.figure() + " | "), "'" + row.figure() + "' in the printed table");
        }
        assertTrue(printed.contains("| figure | ours | peer | ratio | target | met |"), "the table's header");
        assertTrue(printed.contains("Load average"), "the machine's load in the notes");
        assertTrue(printed.contains("| shared cores | state-server | ") && printed.contains("| dedicated store core | "
            + "postgres | "), "the farm's CPU per request of each process group, in both placements");
        assertTrue(rows.stream().filter(row -> row.figure().startsWith("SQL store"))
            .allMatch(row -> row.ours().detail().contains("KB/op")), "bytes on the wire per step of the SQL store");
        Path chart = outcome.chart().orElseThrow(() -> new AssertionError("no growth chart was drawn"));
        assertTrue(Files.size(chart) > 10_000, "the growth chart " + chart + " has content");
        assertFalse(chart.startsWith(outcome.settings().projectRoot().resolve("docs")),
            "a quick run leaves the published chart alone");
    }
}
