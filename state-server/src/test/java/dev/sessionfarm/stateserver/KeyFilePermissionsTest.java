package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;

import dev.sessionfarm.stateprotocol.SharedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15: the server refuses a key file others can read, at start and on every re-read, unless allowed. */
@org.junit.jupiter.api.Timeout(60)
class KeyFilePermissionsTest
{
    private StateServerFixture server;

    @AfterEach
    void stopServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void aReadableKeyFileRefusesTheStartUnlessAllowed() throws IOException
    {
        server = StateServerFixture.create(false);
        Path key = server.dir().resolve("readable.key");
        Files.writeString(key, SharedKeys.generateEncoded(new SecureRandom()) + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        StateServerFixture.Result refused = server.runToExit("serve", "--port", "0", "--key-file", key.toString());
        assertEquals(2, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("key file " + key + " can be read by other users"), refused.output());
        assertTrue(refused.output().contains("chmod 600 " + key), refused.output());
        assertTrue(refused.output().contains("--allow-readable-key-file"), refused.output());

        server = StateServerFixture.create(false, "--key-file", key.toString(), "--allow-readable-key-file")
            .withClientSettings(builder -> readKeys(builder, key));
        server.start();
        server.client().ping();
    }

    @Test
    void aKeyFileMadeReadableWhileRunningIsNotReloaded() throws IOException
    {
        server = StateServerFixture.startWithKey();
        Path key = server.keyFile();
        Files.writeString(key, SharedKeys.generateEncoded(new SecureRandom()) + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        server.awaitLog("can be read by other users", Duration.ofSeconds(10));
        assertTrue(server.logText().contains("the keys read before stay in force"), server.logText());
    }

    private static void readKeys(dev.sessionfarm.stateclient.StateServerClient.Builder builder, Path key)
    {
        try
        {
            builder.sharedKeys(SharedKeys.read(key, true));
        }
        catch (IOException e)
        {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
