package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.Ports;
import dev.sessionfarm.stateclient.LoadResult;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateclient.StateServerException;
import dev.sessionfarm.stateclient.StateServerRefusedException;
import dev.sessionfarm.stateprotocol.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.sessionfarm.stateserver.Sessions.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A full disk, made real with a 2 MiB tmpfs (needs root to mount): changes are refused while the log cannot be
 * written, a save whose answer was withheld is never shown by a load, and changes resume by themselves once space
 * returns, in every fsync mode; a restart then has everything that was acknowledged.
 */
class DiskFullTest
{
    private static final int SESSIONS = 20;

    @ParameterizedTest
    @ValueSource(strings = {"always", "everysec", "no"})
    void writesResumeWhenSpaceReturnsAndAnUnsavedChangeIsNeverShown(String fsync) throws Exception
    {
        Path mount = Files.createTempDirectory(Files.createDirectories(Path.of("target", "state-server-tests")),
            "tmpfs-").toAbsolutePath();
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString()) == 0,
            "mounting a tmpfs needs root");
        int httpPort = Ports.free();
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/health/ready");
        try (StateServerFixture server = StateServerFixture.create(true, "--fsync", fsync, "--data-dir",
            mount.resolve("data").toString(), "--http-port", String.valueOf(httpPort)))
        {
            server.start();
            assertEquals("200 ready\n", OperatorHttpTest.get(ready));
            StateServerClient client = server.client();
            String scope = Sessions.uniqueScope();
            Map<String, Long> acknowledged = new HashMap<>();
            for (int i = 0; i < SESSIONS; i++)
            {
                acknowledged.put("s" + i, save(client, scope, "s" + i, 0));
            }
            Path filler = mount.resolve("filler");
            fill(filler);

            String unsaved = null;
            for (int i = 0; unsaved == null && i < 1_000; i++)
            {
                String id = "s" + (i % SESSIONS);
                try
                {
                    acknowledged.put(id, save(client, scope, id, acknowledged.get(id)));
                }
                catch (StateServerException e)
                {
                    unsaved = id;
                }
            }
            assertNotNull(unsaved, "a save failed once the disk was full");
            StateServerClient probe = server.client();
            for (String id : acknowledged.keySet())
            {
                assertNotShownUnlessSaved(probe, scope, id, acknowledged.get(id));
            }
            StateServerException refused = saveFails(probe, scope, unsaved, acknowledged.get(unsaved));
            assertTrue(refused instanceof StateServerRefusedException r && r.code() == ErrorCode.PERSISTENCE_FAILED,
                "while the disk is full changes are refused: " + refused);
            String notReady = OperatorHttpTest.get(ready);
            assertTrue(notReady.startsWith("503 not ready: the state server cannot write its log"),
                "a probe takes it out of rotation while the disk is full: " + notReady);

            Files.delete(filler);
            StateServerClient after = server.client();
            long[] resumed = {0};
            StateServerFixture.waitUntil(Duration.ofSeconds(20), () ->
            {
                try
                {
                    resumed[0] = save(after, scope, "new", 0);
                    return true;
                }
                catch (StateServerRefusedException stillRefused)
                {
                    return false;
                }
            }, "a save to succeed once space returned, with nothing else writing");
            acknowledged.put("new", resumed[0]);
            assertEquals("200 ready\n", OperatorHttpTest.get(ready));
            long inDoubt = after.load(scope, unsaved, 0).version();
            assertTrue(inDoubt >= acknowledged.get(unsaved), unsaved + " went back to " + inDoubt);
            acknowledged.put(unsaved, inDoubt);

            server.stop();
            server.start();
            StateServerClient restarted = server.client();
            for (Map.Entry<String, Long> ack : acknowledged.entrySet())
            {
                LoadResult loaded = restarted.load(scope, ack.getKey(), 0);
                assertEquals(ack.getValue(), loaded.version(), ack.getKey() + " after the restart");
            }
        }
        finally
        {
            assertEquals(0, run("umount", mount.toString()), "umount " + mount);
        }
    }

    /** A load shows the acknowledged version, or refuses; never the version whose save was not acknowledged. */
    private static void assertNotShownUnlessSaved(StateServerClient client, String scope, String id, long acked)
    {
        try
        {
            assertEquals(acked, client.load(scope, id, 0).version(), id + ": a load showed an unsaved change");
        }
        catch (StateServerRefusedException e)
        {
            assertEquals(ErrorCode.PERSISTENCE_FAILED, e.code(), e.getMessage());
        }
    }

    private static long save(StateServerClient client, String scope, String id, long version)
    {
        Map<String, byte[]> attributes = Map.of("v", ("version " + (version + 1) + " " + "x".repeat(8_000))
            .getBytes(StandardCharsets.UTF_8));
        SaveRequest save = version == 0
            ? SaveRequest.replace(scope, id, 0, metadata(1_000 + version, 0), attributes)
            : SaveRequest.delta(scope, id, version, metadata(1_000 + version, 0), attributes, List.of());
        return client.save(save).newVersion();
    }

    private static StateServerException saveFails(StateServerClient client, String scope, String id, long version)
    {
        try
        {
            save(client, scope, id, version);
        }
        catch (StateServerException e)
        {
            return e;
        }
        throw new AssertionError("a save succeeded on a full disk");
    }

    /** Writes until the file system has no space left. */
    private static void fill(Path file)
    {
        byte[] chunk = new byte[16 * 1024];
        try (OutputStream out = Files.newOutputStream(file))
        {
            while (true)
            {
                out.write(chunk);
                out.flush();
            }
        }
        catch (IOException full)
        {
            assertTrue(String.valueOf(full.getMessage()).contains("space"), full.toString());
        }
    }

    private static int run(String... command)
    {
        ChildProcess process = ChildProcess.command(command).start();
        int exitCode = process.awaitExit(Duration.ofSeconds(30));
        if (exitCode != 0)
        {
            System.out.println(String.join(" ", command) + ": " + process.tail());
        }
        return exitCode;
    }
}
