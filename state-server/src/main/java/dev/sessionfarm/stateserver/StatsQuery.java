package dev.sessionfarm.stateserver;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import dev.sessionfarm.stateprotocol.ErrorCode;
import dev.sessionfarm.stateprotocol.Handshake;
import dev.sessionfarm.stateprotocol.MalformedMessageException;
import dev.sessionfarm.stateprotocol.Op;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.ServerStats;
import dev.sessionfarm.stateprotocol.SharedKeys;
import dev.sessionfarm.stateprotocol.WireReader;
import dev.sessionfarm.stateprotocol.WireWriter;

/**
 * The one question {@code state-server stats} asks, spoken in the wire protocol itself: the client lives with the
 * session store, which the server must not depend on, and one blocking request on one connection needs none of
 * its pooling or pipelining.
 */
final class StatsQuery
{
    /** Why the question got no answer, worded for the person who ran the command. */
    static final class Failure extends Exception
    {
        private static final long serialVersionUID = 1L;

        Failure(String message)
        {
            super(message);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int REQUEST_ID = 1;

    private final String host;
    private final int port;
    private final SharedKeys keys;
    private final SSLSocketFactory tls;
    private final int timeoutMs;

    StatsQuery(String host, int port, SharedKeys keys, SSLSocketFactory tls, int timeoutMs)
    {
        this.host = host;
        this.port = port;
        this.keys = keys;
        this.tls = tls;
        this.timeoutMs = timeoutMs;
    }

    String address()
    {
        return host + ":" + port;
    }

    ServerStats ask() throws Failure
    {
        try (Socket socket = connect())
        {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            byte[] clientNonce = Handshake.newNonce(RANDOM);
            Handshake.ServerHello hello = hello(clientNonce, in, out);
            authenticate(hello, clientNonce, in, out);
            WireWriter frame = new WireWriter(32);
            frame.endFrame(frame.beginFrame(Op.STATS.code(), REQUEST_ID));
            out.write(frame.array(), 0, frame.position());
            out.flush();
            byte[] payload = answer(in, Protocol.DEFAULT_MAX_FRAME_BYTES, "the stats request");
            WireReader answer = new WireReader(payload, 0, payload.length);
            int count = answer.u16();
            Map<String, Long> counters = new LinkedHashMap<>();
            for (int i = 0; i < count; i++)
            {
                counters.put(answer.string(), answer.i64());
            }
            return new ServerStats(counters, answer.string());
        }
        catch (IOException e)
        {
            String why = e instanceof SocketTimeoutException ? "no answer within " + timeoutMs + " ms" : e.getMessage();
            throw new Failure("cannot talk to state server at " + address() + " (" + why + ")"
                + (tls == null ? "; if it uses TLS, give --tls-truststore" : ""));
        }
        catch (MalformedMessageException e)
        {
            throw new Failure("the service at " + address() + " is not a compatible state server ("
                + e.getMessage() + ")");
        }
    }

    private Socket connect() throws IOException
    {
        Socket socket = new Socket();
        try
        {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            // A read timeout rather than the client's timer: this connection makes one request and is closed.
            socket.setSoTimeout(timeoutMs);
            if (tls == null)
            {
                return socket;
            }
            SSLSocket secured = (SSLSocket)tls.createSocket(socket, host, port, true);
            SSLParameters parameters = secured.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secured.setSSLParameters(parameters);
            secured.startHandshake();
            return secured;
        }
        catch (IOException | RuntimeException e)
        {
            socket.close();
            throw e;
        }
    }

    private Handshake.ServerHello hello(byte[] clientNonce, DataInputStream in, OutputStream out)
        throws IOException, Failure
    {
        out.write(new Handshake.ClientHello(Protocol.MIN_VERSION, Protocol.MAX_VERSION, clientNonce).encode());
        out.flush();
        int first = in.readUnsignedByte();
        if (first != (Protocol.MAGIC >>> 24))
        {
            throw new Failure(Handshake.looksLikeTls(first)
                ? "state server at " + address() + " answered with TLS; give --tls-truststore"
                : "the service at " + address() + " is not a state server");
        }
        byte[] reply = new byte[Protocol.SERVER_HELLO_BYTES];
        reply[0] = (byte)first;
        in.readFully(reply, 1, reply.length - 1);
        Handshake.ServerHello hello = Handshake.ServerHello.parse(reply);
        if (hello.status() != Protocol.HELLO_OK)
        {
            throw new Failure("state server at " + address() + " speaks protocol versions " + hello.serverMin()
                + ".." + hello.serverMax() + ", this command " + Protocol.MIN_VERSION + ".." + Protocol.MAX_VERSION);
        }
        return hello;
    }

    private void authenticate(Handshake.ServerHello hello, byte[] clientNonce, DataInputStream in, OutputStream out)
        throws IOException, Failure
    {
        if (!hello.authRequired())
        {
            if (keys != null)
            {
                throw new Failure("state server at " + address() + " does not require a key, so it cannot prove it"
                    + " is the real state server; it must run with the same --key-file");
            }
            return;
        }
        if (keys == null)
        {
            throw new Failure("state server at " + address() + " requires a shared key; give --key-file");
        }
        byte[] key = keys.primary();
        WireWriter frame = new WireWriter(64);
        int start = frame.beginFrame(Op.AUTH.code(), REQUEST_ID);
        frame.raw(Handshake.clientProof(key, hello.version(), clientNonce, hello.nonce()), 0, Protocol.PROOF_BYTES);
        frame.endFrame(start);
        out.write(frame.array(), 0, frame.position());
        out.flush();
        byte[] proof = answer(in, Protocol.MAX_UNAUTHENTICATED_FRAME_BYTES, "authentication");
        if (!Handshake.proofMatches(Handshake.serverProof(key, hello.version(), clientNonce, hello.nonce()), proof))
        {
            throw new Failure("the server at " + address() + " could not prove it holds the shared key"
                + " (a different key file, or not the real state server)");
        }
    }

    /** Reads one answer frame; a refusal becomes a Failure carrying the server's own words. */
    private byte[] answer(DataInputStream in, int maxLength, String what) throws IOException, Failure
    {
        int length = in.readInt();
        if (length < Protocol.MIN_FRAME_LENGTH || length > maxLength)
        {
            throw new MalformedMessageException("answer to " + what + " has length " + length);
        }
        int status = in.readUnsignedByte();
        in.readInt();
        byte[] payload = new byte[length - 5];
        in.readFully(payload);
        if (status == Protocol.STATUS_ERROR)
        {
            WireReader reader = new WireReader(payload, 0, payload.length);
            ErrorCode code = ErrorCode.fromCode(reader.u16());
            throw new Failure("state server at " + address() + " refused " + what + " (" + code + "): "
                + reader.string());
        }
        if (status != Protocol.STATUS_OK)
        {
            throw new MalformedMessageException("answer to " + what + " has status " + status);
        }
        return payload;
    }
}
