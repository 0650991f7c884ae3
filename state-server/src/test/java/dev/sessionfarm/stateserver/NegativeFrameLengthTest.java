package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

import dev.sessionfarm.stateprotocol.ErrorCode;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.SharedKeys;
import dev.sessionfarm.stateprotocol.WireReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A length field with the top bit set is a broken frame, not a huge one (issue 15: "4294967295 bytes"). */
class NegativeFrameLengthTest
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
    void aNegativeFrameLengthIsAnsweredAndLoggedAsBadFrame() throws IOException
    {
        server = StateServerFixture.startWithKey();
        byte[] key = SharedKeys.read(server.keyFile()).all().get(0);
        try (RawConnection raw = RawConnection.authenticated(server.port(), key))
        {
            byte[] header = new byte[Protocol.FRAME_HEADER_BYTES];
            Arrays.fill(header, 0, 4, (byte)0xFF);
            header[4] = 1;
            raw.send(header);
            RawConnection.Frame answer = raw.readFrame();
            assertEquals(Protocol.STATUS_ERROR, answer.status());
            WireReader error = new WireReader(answer.payload(), 0, answer.payload().length);
            int code = error.u16();
            String message = error.string();
            assertEquals(ErrorCode.BAD_FRAME.code(), code, "answered " + ErrorCode.fromCode(code) + ": " + message);
            assertFalse(message.contains("4294967295"), message);
            assertTrue(message.contains("-1"), message);
            assertTrue(raw.closedByServerWithin(5_000));
        }
        server.awaitLog("sent a frame of length -1", Duration.ofSeconds(10));
        assertFalse(server.logText().contains("4294967295"), server.logText());
    }
}
