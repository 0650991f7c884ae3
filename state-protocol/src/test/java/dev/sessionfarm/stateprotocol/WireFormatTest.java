package dev.sessionfarm.stateprotocol;

import dev.sessionfarm.model.SessionMetadata;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireFormatTest
{
    @Test
    void primitivesAndStringsRoundTripBigEndian()
    {
        WireWriter out = new WireWriter(4);
        out.u8(0xAB).u16(0xBEEF).i32(-2).i64(Long.MIN_VALUE + 7).bool(true).string("plain").string("ünï✓")
            .bytes(new byte[] {1, 2, 3});
        byte[] bytes = out.toByteArray();
        assertEquals((byte)0xBE, bytes[1], "big-endian");

        WireReader in = new WireReader(bytes, 0, bytes.length);
        assertEquals(0xAB, in.u8());
        assertEquals(0xBEEF, in.u16());
        assertEquals(-2, in.i32());
        assertEquals(Long.MIN_VALUE + 7, in.i64());
        assertTrue(in.bool());
        assertEquals("plain", in.string());
        assertEquals("ünï✓", in.string());
        assertArrayEquals(new byte[] {1, 2, 3}, in.bytes());
        in.expectEnd();
    }

    @Test
    void framesCarryLengthCodeAndRequestId()
    {
        WireWriter out = new WireWriter(16);
        int start = out.beginFrame(Op.LOAD.code(), 42);
        out.string("x");
        out.endFrame(start);
        WireReader in = new WireReader(out.array(), 0, out.position());
        assertEquals(out.position() - 4, in.i32());
        assertEquals(Op.LOAD.code(), in.u8());
        assertEquals(42, in.i32());
        assertEquals("x", in.string());
    }

    @Test
    void lengthsAndCountsBeyondTheMessageAreRejectedBeforeAllocating()
    {
        byte[] claimsHuge = {0x7F, (byte)0xFF, (byte)0xFF, (byte)0xFF, 1, 2};
        assertThrows(MalformedMessageException.class, () -> new WireReader(claimsHuge, 0, 6).bytes());
        assertThrows(MalformedMessageException.class, () -> new WireReader(claimsHuge, 0, 6).count("id", 2));
        assertThrows(MalformedMessageException.class, () -> new WireReader(claimsHuge, 0, 6).string());
        assertThrows(MalformedMessageException.class, () -> new WireReader(new byte[] {2}, 0, 1).bool());
        assertThrows(MalformedMessageException.class, () -> new WireReader(new byte[3], 0, 3).i32());
        byte[] negativeLength = {(byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF};
        assertThrows(MalformedMessageException.class, () -> new WireReader(negativeLength, 0, 4).bytes());
        WireReader trailing = new WireReader(new byte[2], 0, 2);
        trailing.u8();
        assertThrows(MalformedMessageException.class, trailing::expectEnd);
    }

    @Test
    void malformedUtf8IsRejectedNotReplaced()
    {
        byte[] bad = {0, 2, (byte)0xC3, (byte)0x28};
        assertThrows(MalformedMessageException.class, () -> new WireReader(bad, 0, bad.length).string());
    }

    @Test
    void stringsLongerThanTheProtocolAllowsCannotBeWritten()
    {
        assertThrows(IllegalArgumentException.class, () -> new WireWriter(16).string("x".repeat(70_000)));
    }

    @Test
    void metadataRoundTripsAndNegativeExpiryIsMalformed()
    {
        SessionMetadata metadata = new SessionMetadata(1, 2, 3, 4, -1, 6, "node-ä");
        WireWriter out = new WireWriter(8);
        out.metadata(metadata);
        assertEquals(metadata, new WireReader(out.array(), 0, out.position()).metadata());

        WireWriter negative = new WireWriter(8);
        negative.i64(1).i64(2).i64(3).i64(4).i64(5).i64(-6).string("n");
        assertThrows(MalformedMessageException.class,
            () -> new WireReader(negative.array(), 0, negative.position()).metadata());
    }

    @Test
    void versionNegotiationPicksTheHighestCommonVersion()
    {
        assertEquals(3, Handshake.chooseVersion(1, 3, 2, 5));
        assertEquals(2, Handshake.chooseVersion(2, 2, 1, 4));
        assertEquals(-1, Handshake.chooseVersion(4, 6, 1, 3));
    }

    @Test
    void proofsDependOnKeyRoleVersionAndBothNonces()
    {
        byte[] key = new byte[32];
        byte[] client = new byte[32];
        byte[] server = new byte[32];
        server[0] = 1;
        byte[] proof = Handshake.clientProof(key, 1, client, server);
        assertTrue(Handshake.proofMatches(proof, Handshake.clientProof(key, 1, client, server)));
        assertFalse(Handshake.proofMatches(proof, Handshake.serverProof(key, 1, client, server)), "not reflectable");
        assertFalse(Handshake.proofMatches(proof, Handshake.clientProof(key, 2, client, server)));
        assertFalse(Handshake.proofMatches(proof, Handshake.clientProof(key, 1, server, client)));
        byte[] otherKey = key.clone();
        otherKey[31] = 9;
        assertFalse(Handshake.proofMatches(proof, Handshake.clientProof(otherKey, 1, client, server)));
    }

    @Test
    void hellosRoundTripAndRejectAForeignMagic()
    {
        byte[] nonce = new byte[Protocol.NONCE_BYTES];
        nonce[5] = 5;
        Handshake.ServerHello hello = new Handshake.ServerHello(Protocol.HELLO_OK, 1, 2, 2, true, nonce);
        Handshake.ServerHello parsed = Handshake.ServerHello.parse(hello.encode());
        assertEquals(2, parsed.version());
        assertTrue(parsed.authRequired());
        assertArrayEquals(nonce, parsed.nonce());

        byte[] tls = hello.encode();
        tls[0] = 0x16;
        assertThrows(MalformedMessageException.class, () -> Handshake.ServerHello.parse(tls));
        assertEquals(Protocol.CLIENT_HELLO_BYTES, new Handshake.ClientHello(1, 1, nonce).encode().length);
    }

    @Test
    void opAndErrorCodesAreStable()
    {
        assertEquals(Op.SAVE, Op.fromCode(4));
        assertEquals(null, Op.fromCode(99));
        assertEquals(ErrorCode.MEMORY_FULL, ErrorCode.fromCode(8));
        assertEquals(ErrorCode.UNKNOWN, ErrorCode.fromCode(999));
        assertTrue(Op.LOAD.idempotent() && Op.TOUCH.idempotent() && !Op.SAVE.idempotent() && !Op.DELETE.idempotent());
    }
}
