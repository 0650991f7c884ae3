package dev.sessionfarm.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** What to start and how; made by {@link ChildProcess#command} and the {@code java...} methods there. */
public final class ChildProcessBuilder
{
    private final List<String> program;
    private final boolean java;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String name;
    private Path directory;
    private Path log;
    private Consumer<String> output = line ->
    {
    };
    private UnaryOperator<String> lineFilter = UnaryOperator.identity();
    private Duration grace = ChildProcess.DEFAULT_GRACE;
    private String lifelineSignal;
    private boolean stopAtExit = true;

    ChildProcessBuilder(List<String> program, boolean java, String name)
    {
        this.program = List.copyOf(program);
        this.java = java;
        this.name = name;
    }

    /** For log lines and error messages, e.g. {@code state-server-2}. */
    public ChildProcessBuilder name(String name)
    {
        this.name = Objects.requireNonNull(name);
        return this;
    }

    /** Options of the java launcher, before the class or jar, e.g. {@code -Xmx256m}; only for a java child. */
    public ChildProcessBuilder jvmOptions(List<String> options)
    {
        if (!java)
            throw new IllegalStateException(name + " is not a java child: it has no JVM options");
        jvmOptions.addAll(options);
        return this;
    }

    public ChildProcessBuilder jvmOptions(String... options)
    {
        return jvmOptions(List.of(options));
    }

    /** Arguments after the program, or after the main class or jar of a java child. */
    public ChildProcessBuilder args(List<String> arguments)
    {
        args.addAll(arguments);
        return this;
    }

    public ChildProcessBuilder args(String... arguments)
    {
        return args(List.of(arguments));
    }

    /** Added to this JVM's environment: the place for secrets, which other users could read on a command line. */
    public ChildProcessBuilder environment(Map<String, String> variables)
    {
        environment.putAll(variables);
        return this;
    }

    public ChildProcessBuilder directory(Path workingDirectory)
    {
        this.directory = workingDirectory;
        return this;
    }

    /** Appends the child's output (standard output and error) to this file, which a restart may share. */
    public ChildProcessBuilder log(Path file)
    {
        this.log = file;
        return this;
    }

    /** Gets each output line, on the thread that reads them; keep it quick. */
    public ChildProcessBuilder output(Consumer<String> lines)
    {
        this.output = Objects.requireNonNull(lines);
        return this;
    }

    /** Applied to each line before anything else sees it (log, {@link #output}, waits), e.g. to hide passwords. */
    public ChildProcessBuilder lineFilter(UnaryOperator<String> filter)
    {
        this.lineFilter = Objects.requireNonNull(filter);
        return this;
    }

    /** How long {@link ChildProcess#stop()} waits after SIGTERM before it kills. */
    public ChildProcessBuilder grace(Duration grace)
    {
        this.grace = Objects.requireNonNull(grace);
        return this;
    }

    /**
     * Also when this JVM is killed with kill -9, the child gets {@code signal} (see {@link Lifeline}). Without it, the
     * child is stopped when this JVM exits in any other way.
     */
    public ChildProcessBuilder lifeline(String signal)
    {
        this.lifelineSignal = Objects.requireNonNull(signal);
        return this;
    }

    /**
     * Whether a child still running when this JVM exits is stopped then (SIGTERM, kill -9 after its grace); true
     * unless turned off. Off for a caller that stops its children in an order of its own from a shutdown hook, which
     * this one would race, and whose children end with this JVM anyway (by a {@link #lifeline} or by watching their
     * standard input).
     */
    public ChildProcessBuilder stopAtExit(boolean stop)
    {
        this.stopAtExit = stop;
        return this;
    }

    /** The whole command line, as it will run. */
    public List<String> commandLine()
    {
        List<String> line = new ArrayList<>();
        line.add(program.get(0));
        line.addAll(jvmOptions);
        line.addAll(program.subList(1, program.size()));
        line.addAll(args);
        return line;
    }

    /** Starts the child; its output is read from now on, so no line is missed by a later wait. */
    public ChildProcess start()
    {
        ProcessBuilder builder = new ProcessBuilder(commandLine()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (directory != null)
            builder.directory(directory.toFile());
        Process process;
        try
        {
            process = builder.start();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("cannot start " + name + ": " + commandLine(), e);
        }
        Lifeline lifeline = lifelineSignal == null ? null : Lifeline.arm(process.toHandle(), lifelineSignal);
        return new ChildProcess(name, process, new ChildOutput(name, process, log, lineFilter, output), grace,
            lifeline, stopAtExit);
    }

    /** This JVM's class path, absolute, so that a child finds the classes whatever its working directory. */
    static String currentClassPath()
    {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator))
            entries.add(Path.of(entry).toAbsolutePath().toString());
        return String.join(File.pathSeparator, entries);
    }
}
