package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.stateclient.StateServerClient;
import dev.sessionfarm.stateclient.StateServerException;
import dev.sessionfarm.stateclient.StateServerRefusedException;
import dev.sessionfarm.stateclient.StateServerUnavailableException;
import dev.sessionfarm.stateprotocol.ErrorCode;
import dev.sessionfarm.stateprotocol.Handshake;
import dev.sessionfarm.stateprotocol.Op;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.SharedKeys;
import dev.sessionfarm.stateprotocol.WireReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.sessionfarm.stateserver.Sessions.attributes;
import static dev.sessionfarm.stateserver.Sessions.metadata;
import static dev.sessionfarm.stateserver.Sessions.uniqueScope;
import static dev.sessionfarm.stateserver.Sessions.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication, bind restrictions, TLS, and what unauthenticated peers can (not) do. */
class SecurityTest
{
    private static final String PASSWORD = "test-only-password";

    @TempDir
    static Path tls;

    private StateServerFixture server;

    @BeforeAll
    static void createKeyStores() throws Exception
    {
        keytool("-genkeypair", "-alias", "state", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
            "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
            "-keystore", tls.resolve("server.p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "state", "-keystore", tls.resolve("server.p12").toString(), "-storepass",
            PASSWORD, "-file", tls.resolve("server.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "state", "-file", tls.resolve("server.crt").toString(),
            "-storetype", "PKCS12", "-keystore", tls.resolve("trust.p12").toString(), "-storepass", PASSWORD);
    }

    @AfterEach
    void stopServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void aClientWithoutTheKeyIsRefusedAndThePeerIsLogged()
    {
        server = StateServerFixture.startWithKey();
        try (StateServerClient keyless = StateServerClient.builder().address(server.address()).build())
        {
            StateServerRefusedException e = assertThrows(StateServerRefusedException.class, keyless::ping);
            assertEquals(ErrorCode.AUTH_REQUIRED, e.code());
            assertTrue(e.getMessage().contains("requires a shared key"), e.getMessage());
        }
        server.awaitLog("authentication failed for peer /127.0.0.1:", Duration.ofSeconds(10));
        assertEquals(1, server.client().stats().authFailures());
    }

    @Test
    void aClientWithAWrongKeyIsRefusedAndThePeerIsLogged()
    {
        server = StateServerFixture.startWithKey();
        try (StateServerClient wrong = StateServerClient.builder().address(server.address())
            .sharedKeys(SharedKeys.of(randomKey())).build())
        {
            StateServerRefusedException e = assertThrows(StateServerRefusedException.class, wrong::ping);
            assertEquals(ErrorCode.AUTH_FAILED, e.code());
        }
        server.awaitLog("proved a key that is not one of this server's keys", Duration.ofSeconds(10));
        assertTrue(server.logText().matches("(?s).*authentication failed for peer /127\\.0\\.0\\.1:\\d+.*"));
    }

    @Test
    void keyRotationAcceptsEveryListedKeyWhileClientsProveWithTheirFirst() throws IOException
    {
        byte[] current = randomKey();
        byte[] previous = randomKey();
        server = StateServerFixture.create(false);
        Path keyFile = server.dir().resolve("rotating.key");
        Files.writeString(keyFile, "# current first, previous still accepted\n" + base64(current) + "\n\n"
            + base64(previous) + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        server = StateServerFixture.create(false, "--key-file", keyFile.toString())
            .withClientSettings(builder -> builder.sharedKeys(SharedKeys.of(current)));
        server.start();
        for (byte[] key : List.of(current, previous))
        {
            try (StateServerClient client = StateServerClient.builder().address(server.address())
                .sharedKeys(SharedKeys.of(key)).build())
            {
                client.ping();
            }
        }
        try (StateServerClient stranger = StateServerClient.builder().address(server.address())
            .sharedKeys(SharedKeys.of(randomKey(), current)).build())
        {
            assertThrows(StateServerRefusedException.class, stranger::ping, "only the first key is proved");
        }
    }

    @Test
    void aClientWithAKeyRefusesAServerThatCannotProveIt()
    {
        server = StateServerFixture.startWithoutKey();
        try (StateServerClient careful = StateServerClient.builder().address(server.address())
            .sharedKeys(SharedKeys.of(randomKey())).build())
        {
            StateServerRefusedException e = assertThrows(StateServerRefusedException.class, careful::ping);
            assertTrue(e.getMessage().contains("does not require a key"), e.getMessage());
        }
        server.client().ping();
        assertTrue(server.logText().contains("no --key-file: any process on this machine can read and change"));
    }

    @Test
    void unauthenticatedPeersCanOnlyAuthenticate() throws IOException
    {
        server = StateServerFixture.startWithKey();
        try (RawConnection raw = new RawConnection(server.port()))
        {
            Handshake.ServerHello hello = raw.hello(new byte[Protocol.NONCE_BYTES]);
            assertTrue(hello.authRequired());
            raw.send(RawConnection.frame(Op.PING.code(), 7, new byte[0]));
            RawConnection.Frame answer = raw.readFrame();
            assertEquals(Protocol.STATUS_ERROR, answer.status());
            assertEquals(7, answer.requestId());
            assertEquals(ErrorCode.AUTH_REQUIRED.code(), new WireReader(answer.payload(), 0, 2).u16());
            assertTrue(raw.closedByServerWithin(5_000));
        }
        server.awaitLog("sent PING before authenticating", Duration.ofSeconds(10));
    }

    @Test
    void aSilentPeerIsDisconnectedAtTheHandshakeDeadline() throws IOException
    {
        server = StateServerFixture.startWithKey("--handshake-timeout", "500ms");
        try (RawConnection silent = new RawConnection(server.port()))
        {
            long started = System.nanoTime();
            assertTrue(silent.closedByServerWithin(5_000));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(elapsedMs >= 400 && elapsedMs < 3_000, "closed after " + elapsedMs + " ms");
        }
        server.awaitLog("no complete handshake within 500 ms", Duration.ofSeconds(10));
    }

    @Test
    void aNonLoopbackBindIsRefusedWithoutAllowRemote()
    {
        StateServerFixture.Result result = StateServerFixture.create(false).runToExit("serve", "--port", "0",
            "--bind", "0.0.0.0");
        assertEquals(2, result.exitCode());
        assertTrue(result.output().contains("refusing to listen on 0.0.0.0: it is not a loopback address"),
            result.output());
        assertTrue(result.output().contains("--allow-remote together with --key-file"), result.output());
    }

    @Test
    void allowRemoteIsRefusedWithoutAKeyFile()
    {
        StateServerFixture.Result result = StateServerFixture.create(false).runToExit("serve", "--port", "0",
            "--bind", "0.0.0.0", "--allow-remote");
        assertEquals(2, result.exitCode());
        assertTrue(result.output().contains("--allow-remote needs --key-file"), result.output());
        assertTrue(result.output().contains("state-server keygen --out FILE"), result.output());
    }

    @Test
    void allowRemoteWithAKeyListensOnAllInterfaces()
    {
        server = StateServerFixture.startWithKey("--bind", "0.0.0.0", "--allow-remote");
        server.client().ping();
        assertTrue(server.logText().contains("listening on 0.0.0.0:" + server.port()), server.logText());
    }

    @Test
    void tlsRoundTripAndTheStatsCommandOverTls() throws Exception
    {
        server = tlsServer();
        StateServerClient client = server.client(builder -> trust(builder));
        String scope = uniqueScope();
        client.save(SaveRequest.replace(scope, "secret", 0, metadata(1_000, 0), attributes("card", "4111")));
        assertEquals(Map.of("card", "4111"), values(client.load(scope, "secret", 0)));
        assertTrue(server.logText().contains("TLS on"));

        StateServerFixture.Result stats = server.runToExit("stats", "--address", server.address(), "--key-file",
            server.keyFile().toString(), "--tls-truststore", tls.resolve("trust.p12").toString(),
            "--tls-truststore-password", PASSWORD);
        assertEquals(0, stats.exitCode(), stats.output());
        assertTrue(stats.output().contains("sessions active     1"), stats.output());
    }

    @Test
    void aPlaintextClientCannotTalkToATlsServerAndFailsPromptly()
    {
        server = tlsServer();
        try (StateServerClient plain = server.plainBuilder().networkTimeout(Duration.ofSeconds(3)).build())
        {
            long started = System.nanoTime();
            StateServerUnavailableException e = assertThrows(StateServerUnavailableException.class, plain::ping);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 2_500, "took too long");
            assertTrue(e.getMessage().contains("TLS") && e.getMessage().contains("trust store"), e.getMessage());
        }
        server.awaitLog("TLS failed", Duration.ofSeconds(10));
    }

    @Test
    void aTlsClientCannotTalkToAPlaintextServerAndFailsPromptly()
    {
        server = StateServerFixture.startWithKey();
        StateServerClient.Builder builder = server.builder().networkTimeout(Duration.ofSeconds(3));
        trust(builder);
        try (StateServerClient tlsClient = builder.build())
        {
            long started = System.nanoTime();
            StateServerException e = assertThrows(StateServerUnavailableException.class, tlsClient::ping);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 2_500, "took too long");
            assertTrue(e.getMessage().contains("TLS handshake with state server at " + server.address() + " failed"),
                e.getMessage());
        }
        server.awaitLog("started TLS, but this server runs without --tls-keystore", Duration.ofSeconds(10));
    }

    @Test
    void keygenWritesAnOwnerOnlyKeyAndNeverOverwritesByAccident() throws IOException
    {
        StateServerFixture fixture = StateServerFixture.create(false);
        Path key = fixture.dir().resolve("new.key");
        StateServerFixture.Result first = fixture.runToExit("keygen", "--out", key.toString());
        assertEquals(0, first.exitCode(), first.output());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        byte[] decoded = Base64.getDecoder().decode(Files.readString(key).strip());
        assertEquals(32, decoded.length);
        assertArrayEquals(decoded, SharedKeys.read(key).primary());

        StateServerFixture.Result second = fixture.runToExit("keygen", "--out", key.toString());
        assertEquals(2, second.exitCode());
        assertTrue(second.output().contains("already exists; pass --force"), second.output());
        assertEquals(0, fixture.runToExit("keygen", "--out", key.toString(), "--force").exitCode());
        assertFalse(Base64.getEncoder().encodeToString(decoded).equals(Files.readString(key).strip()));
    }

    @Test
    void everyCommandDocumentsItsOptions()
    {
        StateServerFixture fixture = StateServerFixture.create(false);
        StateServerFixture.Result help = fixture.runToExit("--help");
        assertEquals(0, help.exitCode());
        for (String option : List.of("--port=N", "[42424]", "--bind", "[127.0.0.1]", "--allow-remote", "--key-file",
            "--tls-keystore", "--max-memory", "[512m]", "--max-frame-bytes", "--max-connections", "--data-dir",
            "--fsync", "[everysec]", "--expired-grace", "--handshake-timeout", "--idle-timeout",
            "--read-timeout", "keygen", "stats"))
        {
            assertTrue(help.output().contains(option), "help lacks " + option);
        }
        assertTrue(fixture.runToExit("keygen", "--help").output().contains("--out=FILE"));
        assertTrue(fixture.runToExit("stats", "--help").output().contains("--tls-truststore"));
        StateServerFixture.Result typo = fixture.runToExit("serve", "--max-memroy", "1g");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.output().contains("Unknown options: '--max-memroy'") && typo.output().contains("--max-memory?"),
            typo.output());
    }

    private StateServerFixture tlsServer()
    {
        StateServerFixture fixture = StateServerFixture.create(true, "--tls-keystore",
            tls.resolve("server.p12").toString(), "--tls-keystore-password", PASSWORD);
        server = fixture;
        fixture.withClientSettings(SecurityTest::trust).start();
        return fixture;
    }

    private static void trust(StateServerClient.Builder builder)
    {
        try
        {
            builder.trustStore(tls.resolve("trust.p12"), PASSWORD.toCharArray());
        }
        catch (Exception e)
        {
            throw new AssertionError(e);
        }
    }

    private static byte[] randomKey()
    {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static String base64(byte[] key)
    {
        return Base64.getEncoder().encodeToString(key);
    }

    private static void keytool(String... args) throws Exception
    {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        ChildProcess.command(command).name("keytool").start().awaitSuccess(Duration.ofSeconds(60));
    }
}
