package dev.sessionfarm.process;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildProcessTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void javaChildRunsWithItsOptionsEnvironmentDirectoryAndArguments() throws Exception
    {
        List<String> seen = new CopyOnWriteArrayList<>();
        Path log = dir.resolve("logs/child.log");
        try (ChildProcess child = ChildProcess.java(TestChild.class.getName()).name("describer")
            .jvmOptions("-Dgreeting=hello").args("describe", "one").environment(Map.of("COLOUR", "green"))
            .directory(dir).log(log).output(seen::add).start())
        {
            child.awaitSuccess(TIMEOUT);
            String expected = "greeting=hello colour=green dir=" + dir.toRealPath() + " arg=one";
            assertEquals(List.of(expected), child.lines());
            assertEquals(List.of(expected), seen);
            assertTrue(Files.readString(log).contains(expected), Files.readString(log));
            assertEquals(0, child.exitCode().orElseThrow());
            assertFalse(child.isAlive());
        }
    }

    @Test
    void awaitLineReturnsGroupOneOfTheFirstMatchingLine()
    {
        try (ChildProcess child = sh("echo booting; echo 'listening on port 4711'; sleep 60").start())
        {
            assertEquals("4711", child.awaitLine(Pattern.compile("listening on port (\\d+)"), TIMEOUT));
            assertEquals("booting", child.awaitLine(Pattern.compile("boot"), TIMEOUT));
            assertTrue(child.isAlive());
            assertTrue(child.exitCode().isEmpty());
            assertEquals(child.handle().pid(), child.pid());
        }
    }

    @Test
    void aChildThatDiesBeforeItIsReadyFailsTheWaitWithItsExitCodeAndLastLines()
    {
        try (ChildProcess child = sh("echo starting; echo 'no space left on device' >&2; exit 3").name("db").start())
        {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> child.awaitLine(Pattern.compile("ready"), TIMEOUT));
            assertTrue(e.getMessage().startsWith("db (pid " + child.pid() + ") exited with code 3 before it was "
                + "ready. Its last lines:"), e.getMessage());
            assertTrue(e.getMessage().contains("  | starting"), e.getMessage());
            assertTrue(e.getMessage().contains("  | no space left on device"), e.getMessage());
        }
    }

    @Test
    void aChildThatIsNotReadyInTimeFailsTheWaitWithItsLastLinesAndLog()
    {
        Path log = dir.resolve("slow.log");
        try (ChildProcess child = sh("echo still warming up; sleep 60").name("slow").log(log).start())
        {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> child.awaitLine(Pattern.compile("ready"), Duration.ofMillis(500)));
            assertTrue(e.getMessage().contains("did not print a line matching 'ready' within 500 ms"), e.getMessage());
            assertTrue(e.getMessage().contains("Its log: " + log), e.getMessage());
            assertTrue(e.getMessage().contains("  | still warming up"), e.getMessage());
            assertTrue(child.isAlive(), "a wait that times out leaves the child running");
        }
    }

    @Test
    void awaitPortWaitsUntilTheChildListens() throws Exception
    {
        int port;
        try (ServerSocket probe = new ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        try (ChildProcess child = ChildProcess.java(TestChild.class.getName()).args("listen", String.valueOf(port))
            .start())
        {
            child.awaitPort(port, TIMEOUT);
            assertTrue(child.isAlive());
        }
    }

    @Test
    void stopSendsSigtermAndTheChildEndsGracefully()
    {
        ChildProcess child = sh("trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.05; done").start();
        child.awaitLine(Pattern.compile("ready"), TIMEOUT);
        assertEquals(0, child.stop());
        assertTrue(child.lines().contains("bye"), child.lines().toString());
        assertFalse(child.isAlive());
        assertEquals(0, child.exitCode().orElseThrow());
    }

    @Test
    void stopKillsAChildThatIgnoresSigtermAfterItsGrace()
    {
        ChildProcess child = sh("trap '' TERM; echo ready; while true; do sleep 0.05; done")
            .grace(Duration.ofMillis(500)).start();
        child.awaitLine(Pattern.compile("ready"), TIMEOUT);
        long started = System.nanoTime();
        assertEquals(137, child.stop());
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(500).toNanos());
    }

    @Test
    void killEndsTheChildAtOnceWithoutItsTermHandler()
    {
        ChildProcess child = sh("trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.05; done").start();
        child.awaitLine(Pattern.compile("ready"), TIMEOUT);
        assertEquals(137, child.kill());
        assertFalse(child.lines().contains("bye"));
    }

    @Test
    void suspendedChildDoesNothingUntilResumedAndStillStops() throws Exception
    {
        try (ChildProcess child = sh("while true; do echo tick; sleep 0.02; done").start())
        {
            child.awaitLine(Pattern.compile("tick"), TIMEOUT);
            child.suspend();
            assertTrue(Signals.isStopped(child.handle()));
            int before = child.lines().size();
            Thread.sleep(300);
            assertEquals(before, child.lines().size());
            child.resume();
            child.awaitCondition("tick again", TIMEOUT, () -> child.lines().size() > before + 2);
            child.suspend();
            assertEquals(143, child.stop(), "a stop resumes a suspended child first, or SIGTERM would wait");
        }
    }

    @Test
    void awaitExitKillsAChildThatDoesNotFinishInTime()
    {
        ChildProcess child = sh("sleep 60").start();
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> child.awaitExit(Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("did not finish within 200 ms"), e.getMessage());
        assertFalse(child.isAlive());
    }

    @Test
    void awaitSuccessFailsOnANonZeroExitCode()
    {
        ChildProcess child = sh("echo 'bad key file'; exit 2").name("keygen").start();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> child.awaitSuccess(TIMEOUT));
        assertTrue(e.getMessage().contains("keygen (pid " + child.pid() + ") failed with exit code 2"),
            e.getMessage());
        assertTrue(e.getMessage().contains("  | bad key file"), e.getMessage());
    }

    @Test
    void closeKillsTheChildAndWhatItStarted()
    {
        ChildProcess child = sh("sleep 60 & echo started; wait").start();
        child.awaitLine(Pattern.compile("started"), TIMEOUT);
        ProcessHandle grandchild = child.handle().descendants().findFirst().orElseThrow();
        child.close();
        assertFalse(child.isAlive());
        grandchild.onExit().join();
    }

    @Test
    void lineFilterHidesSecretsFromLogOutputAndMessages() throws Exception
    {
        Path log = dir.resolve("secret.log");
        ChildProcess child = sh("echo 'jdbc:postgresql://db/app?password=s3cret'; exit 1").log(log)
            .lineFilter(line -> line.replaceAll("password=\\S+", "password=***")).start();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> child.awaitSuccess(TIMEOUT));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertFalse(Files.readString(log).contains("s3cret"));
        assertTrue(Files.readString(log).contains("password=***"));
    }

    @Test
    void childrenStillRunningWhenTheParentExitsAreStopped()
    {
        long grandchild = startParent("parent", "exit");
        awaitGone(grandchild);
    }

    @Test
    void aChildNotStoppedAtExitIsLeftToItsCaller()
    {
        long grandchild = startParent("parent-not-stopping-at-exit", "exit");
        ProcessHandle left = ProcessHandle.of(grandchild).orElseThrow(() -> new AssertionError("stopped at exit"));
        left.destroyForcibly();
        awaitGone(grandchild);
    }

    @Test
    void aLifelineEndsTheChildWhenTheParentIsKilled()
    {
        ChildProcess parent = ChildProcess.java(TestChild.class.getName()).args("parent-with-lifeline", "wait").start();
        long grandchild = Long.parseLong(parent.awaitLine(Pattern.compile("grandchild (\\d+)"), TIMEOUT));
        assertTrue(ProcessHandle.of(grandchild).orElseThrow().isAlive());
        parent.kill();
        awaitGone(grandchild);
    }

    private long startParent(String what, String then)
    {
        try (ChildProcess parent = ChildProcess.java(TestChild.class.getName()).args(what, then).start())
        {
            long grandchild = Long.parseLong(parent.awaitLine(Pattern.compile("grandchild (\\d+)"), TIMEOUT));
            assertNotEquals(0, grandchild);
            assertEquals(0, parent.awaitExit(TIMEOUT));
            return grandchild;
        }
    }

    private static void awaitGone(long pid)
    {
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join());
    }

    private static ChildProcessBuilder sh(String script)
    {
        return ChildProcess.command("sh", "-c", script);
    }
}
