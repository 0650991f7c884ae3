package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateclient.StateServerRefusedException;
import dev.sessionfarm.stateprotocol.SharedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** A key rotation without restarting the server: it re-reads its key file when the file changes. */
class KeyRotationTest
{
    private static final Duration RELOAD = Duration.ofSeconds(20);
    private final SecureRandom random = new SecureRandom();
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
    void aKeyAddedToTheFileIsAcceptedAndARemovedOneRefusedWithoutARestart(@TempDir Path dir) throws IOException
    {
        byte[] oldKey = randomKey();
        byte[] newKey = randomKey();
        Path keyFile = dir.resolve("rotation.key");
        Files.writeString(keyFile, base64(oldKey) + "\n");
        Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        server = StateServerFixture.create(false, "--key-file", keyFile.toString())
            .withClientSettings(builder -> builder.sharedKeys(SharedKeys.of(oldKey)));
        server.start();

        Files.writeString(keyFile, base64(oldKey) + "\n" + base64(newKey) + "\n");
        StateServerFixture.waitUntil(RELOAD, () -> accepts(newKey), "the new key to be accepted");
        try (StateServerClient old = client(oldKey))
        {
            old.ping();
        }

        Files.writeString(keyFile, base64(newKey) + "\n");
        StateServerFixture.waitUntil(RELOAD, () -> !accepts(oldKey), "the old key to be refused");
        try (StateServerClient rotated = client(newKey))
        {
            rotated.ping();
        }

        Files.writeString(keyFile, "not a key\n");
        server.awaitLog("cannot be used", RELOAD);
        try (StateServerClient rotated = client(newKey); StateServerClient old = client(oldKey))
        {
            rotated.ping();
            assertThrows(StateServerRefusedException.class, old::ping, "a broken file keeps the keys in force");
        }
    }

    private boolean accepts(byte[] key)
    {
        try (StateServerClient client = client(key))
        {
            client.ping();
            return true;
        }
        catch (StateServerRefusedException refused)
        {
            return false;
        }
    }

    private StateServerClient client(byte[] key)
    {
        return StateServerClient.builder().address(server.address()).sharedKeys(SharedKeys.of(key))
            .connectTimeout(Duration.ofSeconds(5)).networkTimeout(Duration.ofSeconds(5)).poolSize(1).build();
    }

    private byte[] randomKey()
    {
        byte[] key = new byte[SharedKeys.GENERATED_KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    private static String base64(byte[] key)
    {
        return Base64.getEncoder().encodeToString(key);
    }
}
