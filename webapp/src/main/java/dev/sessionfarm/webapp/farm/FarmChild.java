package dev.sessionfarm.webapp.farm;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * How the farm launcher runs each child process: {@code FarmChild <main class> <args>}. It runs the main class and
 * exits (running the child's shutdown hooks, so a node stops gracefully) as soon as its standard input reaches end
 * of file. The launcher holds the other end of that pipe and never writes to it, so the pipe closes exactly when
 * the launcher ends, however it ends: Ctrl-C, SIGTERM, or SIGKILL, which runs no hooks at all.
 */
public final class FarmChild
{
    private FarmChild()
    {
    }

    public static void main(String[] args) throws Throwable
    {
        if (args.length == 0)
        {
            System.err.println("Usage: FarmChild <main class> [args...] (used by the farm launcher)");
            System.exit(2);
        }
        Thread watch = new Thread(() -> exitWhenClosed(System.in), "parent-watch");
        watch.setDaemon(true);
        watch.start();
        try
        {
            Class.forName(args[0]).getMethod("main", String[].class)
                .invoke(null, (Object)Arrays.copyOfRange(args, 1, args.length));
        }
        catch (InvocationTargetException e)
        {
            throw e.getCause();
        }
    }

    private static void exitWhenClosed(InputStream parent)
    {
        try
        {
            while (parent.read() >= 0)
            {
                // The launcher never writes; anything read is ignored.
            }
        }
        catch (IOException ignored)
        {
            // A broken pipe means the same: the launcher is gone.
        }
        System.exit(0);
    }
}
