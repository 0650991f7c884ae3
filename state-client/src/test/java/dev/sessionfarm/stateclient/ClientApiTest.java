package dev.sessionfarm.stateclient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import dev.sessionfarm.stateprotocol.SharedKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What can be checked without a server: settings, key files, unreachable servers. */
class ClientApiTest
{
    @TempDir
    Path dir;

    @Test
    void keyFilesHoldOneBase64KeyPerLineWithCommentsAndPrimaryFirst() throws IOException
    {
        byte[] first = new byte[32];
        byte[] second = new byte[24];
        new SecureRandom().nextBytes(first);
        new SecureRandom().nextBytes(second);
        Path file = dir.resolve("keys");
        Files.writeString(file, "# rotated 2026-01\n  " + Base64.getEncoder().encodeToString(first) + "  \n\n"
            + Base64.getEncoder().encodeToString(second) + "\n");
        ownerOnly(file);
        SharedKeys keys = SharedKeys.read(file);
        assertArrayEquals(first, keys.primary());
        assertEquals(2, keys.all().size());
        assertEquals("2 shared key(s)", keys.toString(), "never prints key material");
    }

    @Test
    void badKeyFilesAreRejectedWithFileAndLine() throws IOException
    {
        Path notBase64 = dir.resolve("a");
        Files.writeString(notBase64, "# header\nnot base64!\n");
        ownerOnly(notBase64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SharedKeys.read(notBase64));
        assertTrue(e.getMessage().contains(notBase64 + " line 2"), e.getMessage());

        Path tooShort = dir.resolve("b");
        Files.writeString(tooShort, Base64.getEncoder().encodeToString(new byte[8]));
        ownerOnly(tooShort);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SharedKeys.read(tooShort)).getMessage()
            .contains("at least 16"));

        Path empty = dir.resolve("c");
        Files.writeString(empty, "# nothing\n");
        ownerOnly(empty);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SharedKeys.read(empty)).getMessage()
            .contains("keygen"));
    }

    @Test
    void generatedKeysAre256BitBase64()
    {
        assertEquals(32, Base64.getDecoder().decode(SharedKeys.generateEncoded(new SecureRandom())).length);
    }

    @Test
    void addressesParseWithDefaultPortAndIpv6Brackets()
    {
        assertEquals("10.0.0.5:42424", StateServerClient.builder().address("10.0.0.5").build().address());
        assertEquals("state.internal:4000", StateServerClient.builder().address("state.internal:4000").build()
            .address());
        assertEquals("[::1]:4000", StateServerClient.builder().address("[::1]:4000").build().address());
        assertThrows(IllegalArgumentException.class, () -> StateServerClient.builder().address("host:notaport"));
        assertThrows(IllegalArgumentException.class, () -> StateServerClient.builder().address("host", 70_000));
        assertThrows(IllegalArgumentException.class, () -> StateServerClient.builder().poolSize(0));
        assertThrows(IllegalArgumentException.class, () -> StateServerClient.builder().networkTimeout(Duration.ZERO));
    }

    @Test
    void anUnreachableServerSaysWhereItTriedAndHowToStartIt() throws IOException
    {
        int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        try (StateServerClient client = StateServerClient.builder().address("127.0.0.1", port).build())
        {
            StateServerUnavailableException e = assertThrows(StateServerUnavailableException.class,
                () -> client.load("/", "id", 0));
            assertTrue(e.getMessage().startsWith("state server at 127.0.0.1:" + port + " is not reachable ("),
                e.getMessage());
            assertTrue(e.getMessage().endsWith("start it with `state-server --port " + port
                + "` or check session.stateServer"), e.getMessage());
        }
    }

    @Test
    void aClosedClientRefusesFurtherCalls()
    {
        StateServerClient client = StateServerClient.builder().build();
        client.close();
        assertThrows(IllegalStateException.class, client::ping);
    }

    /** Key files are refused when others can read them; these tests are about their content. */
    private static void ownerOnly(Path file) throws IOException
    {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
}
