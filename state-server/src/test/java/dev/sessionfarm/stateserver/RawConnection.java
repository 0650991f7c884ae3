package dev.sessionfarm.stateserver;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;

import dev.sessionfarm.stateprotocol.Handshake;
import dev.sessionfarm.stateprotocol.Op;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.WireWriter;

/** A hand-driven protocol connection, for tests that must send what the real client never would. */
final class RawConnection implements AutoCloseable
{
    record Frame(int status, int requestId, byte[] payload)
    {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    final Socket socket;
    final DataInputStream in;
    final OutputStream out;

    RawConnection(int port) throws IOException
    {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    /** Connects and completes hello and (if a key is given) authentication. */
    static RawConnection authenticated(int port, byte[] key) throws IOException
    {
        RawConnection connection = new RawConnection(port);
        byte[] clientNonce = Handshake.newNonce(RANDOM);
        Handshake.ServerHello hello = connection.hello(clientNonce);
        if (key != null)
        {
            byte[] proof = Handshake.clientProof(key, hello.version(), clientNonce, hello.nonce());
            connection.send(frame(Op.AUTH.code(), 1, proof));
            Frame answer = connection.readFrame();
            if (answer.status() != Protocol.STATUS_OK)
            {
                throw new IOException("authentication refused");
            }
        }
        return connection;
    }

    Handshake.ServerHello hello(byte[] clientNonce) throws IOException
    {
        send(new Handshake.ClientHello(Protocol.MIN_VERSION, Protocol.MAX_VERSION, clientNonce).encode());
        byte[] reply = new byte[Protocol.SERVER_HELLO_BYTES];
        in.readFully(reply);
        return Handshake.ServerHello.parse(reply);
    }

    static byte[] frame(int code, int requestId, byte[] payload)
    {
        WireWriter writer = new WireWriter(payload.length + Protocol.FRAME_HEADER_BYTES);
        int start = writer.beginFrame(code, requestId);
        writer.raw(payload, 0, payload.length);
        writer.endFrame(start);
        return writer.toByteArray();
    }

    void send(byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    Frame readFrame() throws IOException
    {
        int length = in.readInt();
        int status = in.readUnsignedByte();
        int requestId = in.readInt();
        byte[] payload = new byte[length - 5];
        in.readFully(payload);
        return new Frame(status, requestId, payload);
    }

    /** True if the server closed the connection (end of stream or reset) before {@code timeoutMs}. */
    boolean closedByServerWithin(int timeoutMs) throws IOException
    {
        socket.setSoTimeout(timeoutMs);
        try
        {
            while (in.read() >= 0)
            {
                // Drain whatever was sent before the close.
            }
            return true;
        }
        catch (java.net.SocketTimeoutException e)
        {
            return false;
        }
        catch (java.net.SocketException e)
        {
            return true;
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
