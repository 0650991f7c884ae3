package dev.sessionfarm.process;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

/** What ChildProcessTest runs as a java child: {@code TestChild <what> [args]}. */
public final class TestChild
{
    private TestChild()
    {
    }

    public static void main(String[] args) throws Exception
    {
        switch (args[0])
        {
            case "describe" -> System.out.println("greeting=" + System.getProperty("greeting") + " colour="
                + System.getenv("COLOUR") + " dir=" + Path.of("").toAbsolutePath() + " arg=" + args[1]);
            case "listen" ->
            {
                Thread.sleep(300);
                try (ServerSocket socket = new ServerSocket(Integer.parseInt(args[1]), 1,
                    InetAddress.getLoopbackAddress()))
                {
                    socket.accept().close();
                    Thread.sleep(60_000);
                }
            }
            case "parent" -> startGrandchild(args[1], false);
            case "parent-with-lifeline" -> startGrandchild(args[1], true);
            case "parent-not-stopping-at-exit" ->
            {
                ChildProcess grandchild = ChildProcess.command("sleep", "120").stopAtExit(false).start();
                System.out.println("grandchild " + grandchild.pid());
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Starts a long sleep, prints its pid, and exits normally ("exit") or waits to be killed ("wait"). */
    private static void startGrandchild(String then, boolean lifeline) throws Exception
    {
        ChildProcessBuilder builder = ChildProcess.command("sleep", "120");
        if (lifeline)
            builder.lifeline("KILL");
        ChildProcess grandchild = builder.start();
        System.out.println("grandchild " + grandchild.pid());
        if (then.equals("wait"))
            Thread.sleep(Duration.ofMinutes(2).toMillis());
        System.exit(0);
    }
}
