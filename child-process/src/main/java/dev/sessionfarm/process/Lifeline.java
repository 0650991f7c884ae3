package dev.sessionfarm.process;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A guarantee that a process ends when this JVM ends, however this JVM ends, kill -9 included (which runs no
 * shutdown hook): a small shell reads a pipe whose other end only this JVM holds, and signals the target when the
 * pipe closes. For processes that do not watch their standard input themselves (nginx, PostgreSQL).
 */
public final class Lifeline
{
    private final Process watcher;

    private Lifeline(Process watcher)
    {
        this.watcher = watcher;
    }

    /** @param signal sent when this JVM ends, e.g. {@code TERM}, or {@code QUIT} for PostgreSQL's immediate stop */
    public static Lifeline arm(ProcessHandle target, String signal)
    {
        try
        {
            Process watcher = new ProcessBuilder("sh", "-c", "cat >/dev/null; kill -" + signal + " " + target.pid()
                + " 2>/dev/null").redirectErrorStream(true).start();
            return new Lifeline(watcher);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("cannot start the lifeline of pid " + target.pid(), e);
        }
    }

    /** The target ended some other way: the watcher goes without signalling anything. */
    public void disarm()
    {
        watcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        watcher.destroyForcibly();
    }
}
