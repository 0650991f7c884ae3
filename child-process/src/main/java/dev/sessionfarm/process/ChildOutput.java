package dev.sessionfarm.process;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a child's output on a thread of its own, from its start to its end: to its log file, to a consumer, and into
 * memory, where waits look for lines and failure messages quote the last ones.
 */
final class ChildOutput
{
    /** Enough for any start-up, bounded for a child that runs for days. */
    private static final int KEPT_LINES = 5000;

    private final String name;
    private final Process process;
    private final Path log;
    private final UnaryOperator<String> filter;
    private final Consumer<String> consumer;
    private final Deque<String> lines = new ArrayDeque<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    ChildOutput(String name, Process process, Path log, UnaryOperator<String> filter, Consumer<String> consumer)
    {
        this.name = name;
        this.process = process;
        this.log = log;
        this.filter = filter;
        this.consumer = consumer;
        Thread reader = new Thread(this::copy, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void copy()
    {
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter out = log == null ? null : openLog())
        {
            write(out, "==== " + name + " started, pid " + process.pid());
            String line;
            while ((line = in.readLine()) != null)
            {
                String shown = filter.apply(line);
                write(out, shown);
                keep(shown);
                consumer.accept(shown);
            }
            write(out, "==== " + name + " (pid " + process.pid() + ") ended its output");
        }
        catch (IOException | RuntimeException e)
        {
            // The child is gone, or its log cannot be written: its exit code and kept lines still tell the story.
        }
        finally
        {
            ended.countDown();
        }
    }

    private BufferedWriter openLog() throws IOException
    {
        if (log.getParent() != null)
            Files.createDirectories(log.getParent());
        return Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
    }

    /** Flushed line by line: tests read the log while the child runs. */
    private static void write(BufferedWriter out, String line) throws IOException
    {
        if (out == null)
            return;
        out.write(line);
        out.newLine();
        out.flush();
    }

    private synchronized void keep(String line)
    {
        if (lines.size() == KEPT_LINES)
            lines.removeFirst();
        lines.addLast(line);
    }

    /** Group 1 of the first kept line matching, or the whole line if the pattern has no group; null if none. */
    synchronized String firstMatch(Pattern pattern)
    {
        for (String line : lines)
        {
            Matcher m = pattern.matcher(line);
            if (m.find())
                return m.groupCount() > 0 ? m.group(1) : line;
        }
        return null;
    }

    Path log()
    {
        return log;
    }

    synchronized List<String> lines()
    {
        return new ArrayList<>(lines);
    }

    synchronized List<String> last(int count)
    {
        List<String> all = new ArrayList<>(lines);
        return all.subList(Math.max(0, all.size() - count), all.size());
    }

    /** Waits until the child's output is closed, usually when it exits; false if it is still open after timeout. */
    boolean awaitEnd(Duration timeout)
    {
        try
        {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
