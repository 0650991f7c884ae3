package dev.sessionfarm.webapp.farm;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.sessionfarm.process.ChildProcess;

/**
 * How the farm launcher starts its children: JVMs on this jar's class path, run through {@link FarmChild} so that
 * they die with the launcher, their output copied to the launcher's with each line prefixed by the child's name.
 */
final class FarmProcesses
{
    private static final Duration GRACE = Duration.ofSeconds(15);
    /** A password a child prints, in a JDBC URL for example, is not repeated to the terminal. */
    private static final Pattern PASSWORD = Pattern.compile("((?i)password=)[^&\\s]+");

    private FarmProcesses()
    {
    }

    /**
     * @param jvmOptions  for example a heap limit
     * @param environment added to this JVM's: for secrets, which other users could read on a command line
     */
    static ChildProcess start(String name, List<String> jvmOptions, Map<String, String> environment,
                              Class<?> mainClass, List<String> args, PrintStream out)
    {
        return ChildProcess.java(FarmChild.class.getName()).name(name).jvmOptions(jvmOptions)
            // Small, quick-starting JVMs: a demo farm runs six of them on one machine.
            .jvmOptions("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k")
            .args(mainClass.getName()).args(args).environment(environment).grace(GRACE)
            // The farm stops them in order (nodes before their stores) from its own shutdown hook; FarmChild ends
            // them should this JVM die without one.
            .stopAtExit(false)
            .lineFilter(line -> PASSWORD.matcher(line).replaceAll("$1***"))
            .output(line -> out.println("[" + name + "] " + line)).start();
    }

    /**
     * Runs a wait on a child; if it fails, the message ends with what the person can do about it.
     *
     * @param advice what to do when the child dies or hangs before it is ready
     */
    static <T> T awaitingValue(String advice, Supplier<T> wait)
    {
        try
        {
            return wait.get();
        }
        catch (IllegalStateException e)
        {
            throw new IllegalStateException(e.getMessage() + System.lineSeparator() + "What to do: " + advice, e);
        }
    }

    static void awaiting(String advice, Runnable wait)
    {
        awaitingValue(advice, () ->
        {
            wait.run();
            return null;
        });
    }
}
