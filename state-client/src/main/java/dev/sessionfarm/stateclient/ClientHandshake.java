package dev.sessionfarm.stateclient;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.sessionfarm.stateprotocol.ErrorCode;
import dev.sessionfarm.stateprotocol.Handshake;
import dev.sessionfarm.stateprotocol.MalformedMessageException;
import dev.sessionfarm.stateprotocol.Op;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.SharedKeys;
import dev.sessionfarm.stateprotocol.WireReader;
import dev.sessionfarm.stateprotocol.WireWriter;

/** Opens a socket to the server and runs the handshake: TLS if configured, version, mutual key proof. */
final class ClientHandshake
{
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClientSettings settings;
    private final ScheduledExecutorService timer;

    ClientHandshake(ClientSettings settings, ScheduledExecutorService timer)
    {
        this.settings = settings;
        this.timer = timer;
    }

    /**
     * Closes the socket if the handshake outlives the network timeout. A timer rather than SO_TIMEOUT, because
     * SO_TIMEOUT leaves the socket in non-blocking mode for good, which costs two extra system calls per read.
     */
    private final class Deadline implements AutoCloseable
    {
        private final AtomicBoolean passed = new AtomicBoolean();
        private final ScheduledFuture<?> alarm;

        Deadline(Socket socket)
        {
            alarm = timer.schedule(() ->
            {
                passed.set(true);
                closeQuietly(socket);
            }, settings.networkTimeoutNanos(), TimeUnit.NANOSECONDS);
        }

        boolean passed()
        {
            return passed.get();
        }

        @Override
        public void close()
        {
            alarm.cancel(false);
        }
    }

    Socket connect()
    {
        Socket raw = new Socket();
        try
        {
            raw.setTcpNoDelay(true);
            raw.setKeepAlive(true);
            raw.connect(new InetSocketAddress(settings.host(), settings.port()), settings.connectTimeoutMs());
        }
        catch (UnknownHostException e)
        {
            closeQuietly(raw);
            throw settings.unreachable("unknown host " + settings.host(), e);
        }
        catch (SocketTimeoutException e)
        {
            closeQuietly(raw);
            throw settings.unreachable("no answer to connect within " + settings.connectTimeoutMs() + " ms", e);
        }
        catch (IOException e)
        {
            closeQuietly(raw);
            throw settings.unreachable(e.getMessage(), e);
        }
        if (settings.tls() == null)
        {
            return raw;
        }
        try (Deadline deadline = new Deadline(raw))
        {
            try
            {
                SSLSocket tls = (SSLSocket)settings.tls().createSocket(raw, settings.host(), settings.port(), true);
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                return tls;
            }
            catch (IOException e)
            {
                closeQuietly(raw);
                throw new StateServerUnavailableException("TLS handshake with state server at " + settings.address()
                    + (deadline.passed() ? " did not complete within " + settings.networkTimeoutMs() + " ms"
                        : " failed (" + e.getMessage() + ")")
                    + "; check that the server runs with --tls-keystore"
                    + " and that the client's trust store holds its certificate", e);
            }
        }
    }

    /** Runs version negotiation and authentication on a fresh connection. */
    void perform(Socket socket, DataInputStream in, OutputStream out)
    {
        try (Deadline deadline = new Deadline(socket))
        {
            perform(in, out, deadline);
        }
    }

    private void perform(DataInputStream in, OutputStream out, Deadline deadline)
    {
        try
        {
            byte[] clientNonce = Handshake.newNonce(RANDOM);
            out.write(
                new Handshake.ClientHello(Protocol.MIN_VERSION, settings.maxProtocolVersion(), clientNonce).encode());
            out.flush();
            Handshake.ServerHello hello = readServerHello(in);
            if (hello.status() != Protocol.HELLO_OK)
            {
                throw new StateServerRefusedException(ErrorCode.VERSION_UNSUPPORTED, "state server at "
                    + settings.address() + " speaks protocol versions " + hello.serverMin() + ".."
                    + hello.serverMax() + ", this client " + Protocol.MIN_VERSION + ".." + settings.maxProtocolVersion()
                    + "; upgrade the older side");
            }
            authenticate(hello, clientNonce, in, out);
        }
        catch (IOException e)
        {
            if (deadline.passed())
            {
                throw new StateServerUnavailableException("state server at " + settings.address()
                    + " did not complete the handshake within " + settings.networkTimeoutMs() + " ms"
                    + tlsHint(), e);
            }
            if (e instanceof SSLException)
            {
                throw new StateServerUnavailableException("TLS failure talking to state server at "
                    + settings.address() + " (" + e.getMessage() + ")", e);
            }
            throw new StateServerUnavailableException("state server at " + settings.address()
                + " closed the connection during the handshake (" + e.getMessage() + ")" + tlsHint(), e);
        }
        catch (MalformedMessageException e)
        {
            throw new StateServerUnavailableException("the service at " + settings.address()
                + " is not a compatible state server (" + e.getMessage() + ")", e);
        }
    }

    private Handshake.ServerHello readServerHello(DataInputStream in) throws IOException
    {
        int first = in.read();
        if (first < 0)
        {
            throw new EOFException("end of stream before the server hello");
        }
        if (first != (Protocol.MAGIC >>> 24))
        {
            if (Handshake.looksLikeTls(first))
            {
                throw new StateServerUnavailableException("state server at " + settings.address()
                    + " answered with TLS; configure the client's TLS trust store", null);
            }
            throw new StateServerUnavailableException("the service at " + settings.address()
                + " is not a state server (unexpected first byte 0x" + Integer.toHexString(first) + ")", null);
        }
        byte[] reply = new byte[Protocol.SERVER_HELLO_BYTES];
        reply[0] = (byte)first;
        in.readFully(reply, 1, reply.length - 1);
        return Handshake.ServerHello.parse(reply);
    }

    private void authenticate(Handshake.ServerHello hello, byte[] clientNonce, DataInputStream in, OutputStream out)
        throws IOException
    {
        SharedKeys keys = settings.keys();
        if (!hello.authRequired())
        {
            if (keys != null)
            {
                throw new StateServerRefusedException(ErrorCode.AUTH_FAILED, "state server at " + settings.address()
                    + " does not require a key, but this client has one configured, so it cannot prove it is"
                    + " the real state server; start the server with the same --key-file");
            }
            return;
        }
        if (keys == null)
        {
            throw new StateServerRefusedException(ErrorCode.AUTH_REQUIRED, "state server at " + settings.address()
                + " requires a shared key; configure the client with the server's key file");
        }
        byte[] key = keys.primary();
        WireWriter frame = new WireWriter(64);
        int start = frame.beginFrame(Op.AUTH.code(), 1);
        frame.raw(Handshake.clientProof(key, hello.version(), clientNonce, hello.nonce()), 0, Protocol.PROOF_BYTES);
        frame.endFrame(start);
        out.write(frame.array(), 0, frame.position());
        out.flush();

        int length = in.readInt();
        if (length < Protocol.MIN_FRAME_LENGTH || length > Protocol.MAX_UNAUTHENTICATED_FRAME_BYTES)
        {
            throw new MalformedMessageException("authentication answer has length " + length);
        }
        int status = in.readUnsignedByte();
        in.readInt();
        byte[] payload = new byte[length - 5];
        in.readFully(payload);
        if (status == Protocol.STATUS_ERROR)
        {
            WireReader reader = new WireReader(payload, 0, payload.length);
            ErrorCode code = ErrorCode.fromCode(reader.u16());
            throw new StateServerRefusedException(code, "state server at " + settings.address()
                + " refused authentication: " + reader.string());
        }
        byte[] expected = Handshake.serverProof(key, hello.version(), clientNonce, hello.nonce());
        if (status != Protocol.STATUS_OK || !Handshake.proofMatches(expected, payload))
        {
            throw new StateServerRefusedException(ErrorCode.AUTH_FAILED, "the server at " + settings.address()
                + " could not prove it holds the shared key; refusing to use it (different key file on the"
                + " server, or not the real state server)");
        }
    }

    private String tlsHint()
    {
        return settings.tls() == null ? "; if the server uses TLS, configure the client's trust store" : "";
    }

    static void closeQuietly(Socket socket)
    {
        try
        {
            socket.close();
        }
        catch (IOException ignored)
        {
            // Nothing left to release.
        }
    }
}
