package dev.sessionfarm.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * For a process that is not a JVM of ours (nginx): a shell that sends it a signal when this JVM's end of a pipe
 * closes, which happens however this JVM ends, kill -9 included. The same guarantee FarmChild gives the webapp's
 * processes.
 */
final class Lifeline
{
    private final Process watcher;

    private Lifeline(Process watcher)
    {
        this.watcher = watcher;
    }

    /** @param signal e.g. TERM */
    static Lifeline arm(ProcessHandle target, String signal)
    {
        try
        {
            Process watcher = new ProcessBuilder("sh", "-c", "cat >/dev/null; kill -" + signal + " " + target.pid()
                + " 2>/dev/null").redirectErrorStream(true).start();
            Leftovers.track(watcher.toHandle());
            return new Lifeline(watcher);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("Cannot start the lifeline of pid " + target.pid(), e);
        }
    }

    /** The target ended some other way: the watcher goes without signalling anything. */
    void disarm()
    {
        watcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        watcher.destroyForcibly();
    }
}
