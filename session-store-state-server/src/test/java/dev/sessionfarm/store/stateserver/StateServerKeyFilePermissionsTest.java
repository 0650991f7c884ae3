package dev.sessionfarm.store.stateserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sessionfarm.session.StoreContext;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.stateprotocol.SharedKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15: a node refuses a state-server key file that others can read, unless the setting allows it. */
class StateServerKeyFilePermissionsTest
{
    @TempDir
    Path dir;

    @Test
    void aNodeRefusesAKeyFileOthersCanReadNamingTheFileAndTheFix() throws Exception
    {
        Path key = keyFile("rw-r--r--");
        ConfigException e = assertThrows(ConfigException.class,
            () -> create(Map.of("mode", "state-server", "state-server-key-file", key.toString())));
        assertTrue(e.getMessage().contains("session.stateServerKeyFile"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600 " + key), e.getMessage());
        assertTrue(e.getMessage().contains("session.stateServerAllowReadableKeyFile"), e.getMessage());
    }

    @Test
    void aNodeAcceptsAPrivateKeyFileAndAReadableOneWhenAllowed() throws Exception
    {
        create(Map.of("mode", "state-server", "state-server-key-file", keyFile("rw-------").toString()));
        create(Map.of("mode", "state-server", "state-server-key-file", keyFile("rw-r--r--").toString(),
            "state-server-allow-readable-key-file", "true"));
    }

    private void create(Map<String, String> flags) throws Exception
    {
        List<AutoCloseable> closers = new ArrayList<>();
        try
        {
            new StateServerStoreProvider().create(new StoreContext(SessionSettings.load(flags, Map.of()), null,
                new SimpleMeterRegistry(), closers::add));
        }
        finally
        {
            for (AutoCloseable closer : closers)
                closer.close();
        }
    }

    private Path keyFile(String mode) throws IOException
    {
        Path file = Files.createTempFile(dir, "state", ".key");
        Files.writeString(file, SharedKeys.generateEncoded(new SecureRandom()) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
