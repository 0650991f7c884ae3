package dev.sessionfarm.stateclient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import dev.sessionfarm.stateprotocol.SharedKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15: a key file other users can read is refused by nodes too, not only warned about by the server. */
class KeyFilePermissionsTest
{
    @TempDir
    Path dir;

    @Test
    void aKeyFileThatOthersCanReadIsRefusedNamingTheFileAndTheFix() throws IOException
    {
        for (String mode : new String[] {"rw-r--r--", "rw-r-----", "rw----r--"})
        {
            Path file = keyFile(mode);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateServerClient.builder().keyFile(file), mode);
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("chmod 600 " + file), e.getMessage());
        }
    }

    @Test
    void anOwnerOnlyKeyFileIsReadAndAReadableOneWhenAllowed() throws IOException
    {
        assertEquals(1, SharedKeys.read(keyFile("rw-------")).all().size());
        assertEquals(1, SharedKeys.read(keyFile("r--------")).all().size());
        assertEquals(1, SharedKeys.read(keyFile("rw-r--r--"), true).all().size());
        StateServerClient.builder().keyFile(keyFile("rw-r--r--"), true);
    }

    private Path keyFile(String mode) throws IOException
    {
        Path file = Files.createTempFile(dir, "state", ".key");
        Files.writeString(file, SharedKeys.generateEncoded(new SecureRandom()) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
