package dev.sessionfarm.bench.report;

import java.io.PrintStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one table a run prints: every figure against its peer, with the machine it was measured on. */
public final class ResultTable
{
    private final Machine machine;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();
    private final List<GrowthPoint> growth = new ArrayList<>();
    private final String loadBefore = Machine.loadAverage();
    private final OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);

    public ResultTable(Machine machine)
    {
        this.machine = machine;
    }

    public synchronized void add(Row row)
    {
        rows.add(row);
    }

    /** A line under the table: what one operation is, what limited a figure, a benchmark that failed. */
    public synchronized void note(String note)
    {
        notes.add(note);
    }

    /** A block printed after the notes, e.g. a table of where each request's CPU time goes. */
    public synchronized void section(String markdown)
    {
        sections.add(markdown);
    }

    public synchronized List<String> sections()
    {
        return List.copyOf(sections);
    }

    /** One point of how a store's cost grows with session size (drawn by GrowthChart). */
    public synchronized void growth(GrowthPoint point)
    {
        growth.add(point);
    }

    public synchronized List<GrowthPoint> growthPoints()
    {
        return List.copyOf(growth);
    }

    public synchronized List<Row> rows()
    {
        return List.copyOf(rows);
    }

    /** Markdown, so that docs/benchmarks.md can keep it as printed. */
    public synchronized void print(PrintStream out, String mode, Duration took)
    {
        out.println("### session-farm benchmarks, " + mode + " run, " + started.format(DateTimeFormatter.ISO_LOCAL_DATE)
            + " " + started.format(DateTimeFormatter.ofPattern("HH:mm")) + " UTC (took " + took.toSeconds() + " s)");
        out.println();
        out.println("| figure | ours | peer | ratio | target | met |");
        out.println("|---|---|---|---|---|---|");
        for (Row row : rows)
            out.println("| " + row.figure() + " | " + row.ours().text() + " | " + row.peer().text() + " | "
                + row.ratioText() + " | " + row.target().text() + " | " + row.metText() + " |");
        out.println();
        out.println("Ratio: greater is better for ours (ours/peer for throughput; peer/ours for time, bytes, memory).");
        out.println();
        out.println("- Machine: " + Machine.describe());
        out.println("- Load average (1, 5, 15 min): " + loadBefore + " before, " + Machine.loadAverage() + " after");
        for (Map.Entry<String, String> version : machine.versions().entrySet())
            out.println("- " + version.getKey() + ": " + version.getValue());
        for (String note : notes)
            out.println("- " + note);
        for (String section : sections)
        {
            out.println();
            out.println(section.strip());
        }
        out.flush();
    }
}
