package dev.sessionfarm.stateprotocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The connection handshake: version negotiation and mutual HMAC-SHA256 proof of the shared key.
 * <p>
 * Each side proves itself over both nonces and the chosen version under its own context string, so a proof can
 * be neither replayed on another connection nor reflected back to the side that sent it.
 */
public final class Handshake
{
    private static final byte[] CLIENT_CONTEXT =
        "session-farm state-server client proof".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_CONTEXT =
        "session-farm state-server server proof".getBytes(StandardCharsets.US_ASCII);

    /** The first bytes of a TLS record (handshake or alert), to tell a TLS peer apart from garbage. */
    public static boolean looksLikeTls(int firstByte)
    {
        return firstByte == 0x15 || firstByte == 0x16;
    }

    public record ClientHello(int minVersion, int maxVersion, byte[] nonce)
    {
        public byte[] encode()
        {
            WireWriter out = new WireWriter(Protocol.CLIENT_HELLO_BYTES);
            out.i32(Protocol.MAGIC).u16(minVersion).u16(maxVersion).raw(nonce, 0, Protocol.NONCE_BYTES);
            return out.toByteArray();
        }

        /** Parses the 36 bytes that follow the magic. */
        public static ClientHello parseAfterMagic(byte[] rest)
        {
            WireReader in = new WireReader(rest, 0, rest.length);
            int min = in.u16();
            int max = in.u16();
            byte[] nonce = new byte[Protocol.NONCE_BYTES];
            in.readFully(nonce);
            in.expectEnd();
            return new ClientHello(min, max, nonce);
        }
    }

    public record ServerHello(int status, int serverMin, int serverMax, int version, boolean authRequired,
        byte[] nonce)
    {
        public byte[] encode()
        {
            WireWriter out = new WireWriter(Protocol.SERVER_HELLO_BYTES);
            out.i32(Protocol.MAGIC).u8(status).u16(serverMin).u16(serverMax).u16(version).bool(authRequired)
                .raw(nonce, 0, Protocol.NONCE_BYTES);
            return out.toByteArray();
        }

        public static ServerHello parse(byte[] bytes)
        {
            WireReader in = new WireReader(bytes, 0, bytes.length);
            if (in.i32() != Protocol.MAGIC)
            {
                throw new MalformedMessageException("server hello does not start with the protocol magic");
            }
            int status = in.u8();
            int serverMin = in.u16();
            int serverMax = in.u16();
            int version = in.u16();
            boolean authRequired = in.bool();
            byte[] nonce = new byte[Protocol.NONCE_BYTES];
            in.readFully(nonce);
            in.expectEnd();
            return new ServerHello(status, serverMin, serverMax, version, authRequired, nonce);
        }
    }

    /** The highest version both sides speak, or -1 if their ranges do not overlap. */
    public static int chooseVersion(int clientMin, int clientMax, int serverMin, int serverMax)
    {
        int highest = Math.min(clientMax, serverMax);
        return highest >= Math.max(clientMin, serverMin) ? highest : -1;
    }

    public static byte[] newNonce(SecureRandom random)
    {
        byte[] nonce = new byte[Protocol.NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    public static byte[] clientProof(byte[] key, int version, byte[] clientNonce, byte[] serverNonce)
    {
        return proof(key, CLIENT_CONTEXT, version, clientNonce, serverNonce);
    }

    public static byte[] serverProof(byte[] key, int version, byte[] clientNonce, byte[] serverNonce)
    {
        return proof(key, SERVER_CONTEXT, version, clientNonce, serverNonce);
    }

    /** Constant-time comparison, so response timing does not reveal how much of a forged proof was right. */
    public static boolean proofMatches(byte[] expected, byte[] actual)
    {
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] proof(byte[] key, byte[] context, int version, byte[] clientNonce, byte[] serverNonce)
    {
        try
        {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(context);
            mac.update((byte)(version >>> 8));
            mac.update((byte)version);
            mac.update(clientNonce);
            mac.update(serverNonce);
            return mac.doFinal();
        }
        catch (GeneralSecurityException e)
        {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private Handshake()
    {
    }
}
