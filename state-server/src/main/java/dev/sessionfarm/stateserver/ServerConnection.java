package dev.sessionfarm.stateserver;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

import dev.sessionfarm.stateprotocol.ErrorCode;
import dev.sessionfarm.stateprotocol.Handshake;
import dev.sessionfarm.stateprotocol.Op;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.SharedKeys;
import dev.sessionfarm.stateprotocol.WireReader;
import dev.sessionfarm.stateprotocol.WireWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on its own thread: handshake, then read frame, handle, answer. Answers to pipelined
 * requests are batched and sent when no further complete request is buffered, after the log has made the batch's
 * changes durable, so an acknowledgement never precedes durability.
 * <p>
 * Every blocking step is in a {@link Phase} with a time limit that {@link StateServer}'s watchdog enforces by
 * closing the socket: a silent or slow client cannot hold a thread or a buffer for longer than that.
 */
final class ServerConnection implements Runnable
{
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Answers are sent at the latest when this many bytes are waiting, so pipelined loads cannot pile up. */
    private static final int FLUSH_BYTES = 256 * 1024;
    /** How much a rejected peer may still send before the socket is closed on it. */
    private static final int LINGER_BYTES = 1 << 20;

    enum Phase
    {
        HANDSHAKE, IDLE, READING, PROCESSING, WRITING
    }

    private final StateServer server;
    private final Socket socket;
    private final String peer;
    private final java.net.InetAddress address;
    private final FrameInput input;
    private final OutputStream output;
    private final WireWriter answers = new WireWriter(16 * 1024);
    private final WireReader request = new WireReader();
    private volatile long phaseSince = System.nanoTime();
    private volatile Phase phase = Phase.HANDSHAKE;
    private volatile String abortReason;
    private volatile boolean helloReceived;
    private volatile boolean holdsSlot;
    private boolean unsyncedChanges;
    /** The protocol version this connection negotiated: what its answers may use. */
    private int protocolVersion = Protocol.MIN_VERSION;

    ServerConnection(StateServer server, Socket socket) throws IOException
    {
        this.server = server;
        this.socket = socket;
        this.peer = String.valueOf(socket.getRemoteSocketAddress());
        this.address = socket.getInetAddress();
        this.input = new FrameInput(socket.getInputStream());
        this.output = socket.getOutputStream();
    }

    @Override
    public void run()
    {
        try
        {
            if (handshake())
            {
                serve();
            }
        }
        catch (SSLException e)
        {
            server.handshakeErrorLog().warn("peer {}: TLS failed ({}); a plaintext client on this TLS port, or a"
                + " certificate problem", peer, e.getMessage());
        }
        catch (EOFException e)
        {
            LOG.debug("peer {}: {}", peer, e.getMessage());
        }
        catch (IOException e)
        {
            if (abortReason != null && !holdsSlot)
            {
                server.refusalLog().warn("closed unauthenticated connection from {}: {}", peer, abortReason);
            }
            else if (abortReason != null)
            {
                LOG.info("closed connection from {}: {}", peer, abortReason);
            }
            else if (!server.isStopping())
            {
                LOG.debug("connection from {} failed: {}", peer, e.getMessage());
            }
        }
        catch (RuntimeException e)
        {
            LOG.error("connection from {} failed unexpectedly; closing it", peer, e);
        }
        finally
        {
            closeSocket();
            server.connectionClosed(this);
        }
    }

    /** Closes the connection if it has spent longer in its current phase than that phase allows. */
    void enforceDeadline(long nowNanos)
    {
        Phase current = phase;
        long since = phaseSince;
        ServeOptions options = server.options();
        long limitMs = switch (current)
        {
            case HANDSHAKE -> options.handshakeTimeout().toMillis();
            case IDLE -> options.idleTimeout().toMillis();
            case READING, WRITING -> options.readTimeout().toMillis();
            case PROCESSING -> Long.MAX_VALUE;
        };
        if (TimeUnit.NANOSECONDS.toMillis(nowNanos - since) > limitMs)
        {
            abort(switch (current)
            {
                case HANDSHAKE -> "no complete handshake within " + limitMs + " ms";
                case IDLE -> "idle for " + limitMs + " ms";
                case READING -> "no complete frame within " + limitMs + " ms (slow or stalled client)";
                default -> "answer not taken within " + limitMs + " ms (client not reading)";
            });
        }
    }

    /** For shutdown: closes at once unless a request is being handled, which then finishes first. */
    void closeIfIdle()
    {
        if (phase == Phase.IDLE || phase == Phase.HANDSHAKE)
        {
            abort("server stopping");
        }
    }

    void abort(String reason)
    {
        abortReason = reason;
        closeSocket();
    }

    private boolean handshake() throws IOException
    {
        byte[] magic = input.take(4);
        if (new WireReader(magic, 0, 4).i32() != Protocol.MAGIC)
        {
            server.metrics().protocolErrors.increment();
            if (Handshake.looksLikeTls(magic[0] & 0xFF))
            {
                server.handshakeErrorLog().warn("peer {} started TLS, but this server runs without"
                    + " --tls-keystore; closing", peer);
            }
            else
            {
                server.handshakeErrorLog().warn(
                    "peer {} does not speak the state-server protocol (first bytes {}); closing", peer,
                    HexFormat.of().formatHex(magic));
            }
            return false;
        }
        Handshake.ClientHello hello = Handshake.ClientHello.parseAfterMagic(
            input.take(Protocol.CLIENT_HELLO_BYTES - 4));
        helloReceived = true;
        int maxVersion = server.options().maxProtocolVersion();
        int version = Handshake.chooseVersion(hello.minVersion(), hello.maxVersion(), Protocol.MIN_VERSION,
            maxVersion);
        SharedKeys keys = server.keys();
        byte[] serverNonce = Handshake.newNonce(RANDOM);
        int status = version < 0 ? Protocol.HELLO_VERSION_UNSUPPORTED : Protocol.HELLO_OK;
        protocolVersion = Math.max(version, Protocol.MIN_VERSION);
        send(new Handshake.ServerHello(status, Protocol.MIN_VERSION, maxVersion, Math.max(version, 0),
            keys != null, serverNonce).encode());
        if (version < 0)
        {
            server.handshakeErrorLog().warn("peer {} speaks protocol versions {}..{}, this server {}..{}; closing",
                peer,
                hello.minVersion(), hello.maxVersion(), Protocol.MIN_VERSION, maxVersion);
            return false;
        }
        if (keys == null)
        {
            return takeSlot();
        }
        try
        {
            return authenticate(keys, version, hello.nonce(), serverNonce);
        }
        catch (EOFException e)
        {
            server.metrics().authFailures.increment();
            server.authFailureLog()
                .warn("authentication failed for peer {}: it disconnected without proving a key (a client without"
                    + " the key file?)", peer);
            return false;
        }
    }

    private boolean authenticate(SharedKeys keys, int version, byte[] clientNonce, byte[] serverNonce)
        throws IOException
    {
        input.require(4);
        int length = input.intAt(0);
        if (length < Protocol.MIN_FRAME_LENGTH || length > Protocol.MAX_UNAUTHENTICATED_FRAME_BYTES)
        {
            return refuseAuthentication(Protocol.CONNECTION_REQUEST_ID, ErrorCode.AUTH_REQUIRED,
                "sent a frame of length " + length + " before authenticating");
        }
        input.require(4 + length);
        int code = input.byteAt(4);
        int requestId = input.intAt(5);
        byte[] frame = input.take(4 + length);
        if (code != Op.AUTH.code())
        {
            Op op = Op.fromCode(code);
            return refuseAuthentication(requestId, ErrorCode.AUTH_REQUIRED, "sent " + (op == null ? "op " + code
                : op.name()) + " before authenticating");
        }
        if (length - 5 != Protocol.PROOF_BYTES)
        {
            return refuseAuthentication(requestId, ErrorCode.AUTH_FAILED, "sent a malformed proof");
        }
        byte[] proof = java.util.Arrays.copyOfRange(frame, Protocol.FRAME_HEADER_BYTES, frame.length);
        for (byte[] key : keys.all())
        {
            if (Handshake.proofMatches(Handshake.clientProof(key, version, clientNonce, serverNonce), proof))
            {
                if (!takeSlot())
                {
                    return false;
                }
                int start = answers.reset().beginFrame(Protocol.STATUS_OK, requestId);
                answers.raw(Handshake.serverProof(key, version, clientNonce, serverNonce), 0, Protocol.PROOF_BYTES);
                answers.endFrame(start);
                send(answers.toByteArray());
                answers.reset();
                return true;
            }
        }
        return refuseAuthentication(requestId, ErrorCode.AUTH_FAILED, "proved a key that is not one of this"
            + " server's keys (wrong or outdated key file)");
    }

    private boolean refuseAuthentication(int requestId, ErrorCode code, String what) throws IOException
    {
        server.metrics().authFailures.increment();
        server.authFailureLog().warn("authentication failed for peer {}: it {}; closing", peer, what);
        RequestHandler.error(answers.reset(), requestId, code, code == ErrorCode.AUTH_FAILED
            ? "authentication failed: the client's key is not accepted by this server"
            : "authenticate first; this server requires a shared key");
        send(answers.toByteArray());
        return false;
    }

    /** Authenticated: from the handshake quota to one of the --max-connections slots, if one is free. */
    private boolean takeSlot()
    {
        if (!server.takeSlot(this))
        {
            return false;
        }
        holdsSlot = true;
        setPhase(Phase.IDLE);
        return true;
    }

    java.net.InetAddress address()
    {
        return address;
    }

    /**
     * Whether the peer has sent anything yet: its hello was read, or bytes wait in the socket (a node sends its
     * hello right after connecting, before this connection's thread may even have run).
     */
    boolean hasSpoken()
    {
        if (helloReceived)
        {
            return true;
        }
        try
        {
            return !(socket instanceof javax.net.ssl.SSLSocket) && socket.getInputStream().available() > 0;
        }
        catch (IOException e)
        {
            return false;
        }
    }

    boolean holdsSlot()
    {
        return holdsSlot;
    }

    private void serve() throws IOException
    {
        int maxFrameBytes = server.options().maxFrameBytes();
        RequestHandler handler = server.handler();
        while (!server.isStopping())
        {
            if (input.buffered() == 0)
            {
                setPhase(Phase.IDLE);
                input.require(1);
            }
            setPhase(Phase.READING);
            input.require(4);
            int length = input.intAt(0);
            if (length < Protocol.MIN_FRAME_LENGTH || length > maxFrameBytes)
            {
                rejectFrame(length, maxFrameBytes);
                return;
            }
            input.require(4 + length);
            setPhase(Phase.PROCESSING);
            int code = input.byteAt(4);
            int requestId = input.intAt(5);
            request.reset(input.buffer(), input.offset() + Protocol.FRAME_HEADER_BYTES, length - 5);
            int answerStart = answers.position();
            try
            {
                unsyncedChanges |= handler.handle(code, requestId, request, answers, protocolVersion);
            }
            catch (RuntimeException e)
            {
                LOG.error("request from {} failed unexpectedly; closing the connection", peer, e);
                answers.truncate(answerStart);
                RequestHandler.error(answers, requestId, ErrorCode.INTERNAL, "internal error in the state server ("
                    + e + "); see its log");
                flushAnswers();
                return;
            }
            input.consume(4 + length);
            if (!input.hasCompleteFrame(maxFrameBytes) || answers.position() >= FLUSH_BYTES)
            {
                flushAnswers();
            }
        }
        flushAnswers();
    }

    /** A length out of range breaks the framing: answer (with the request id if there is one) and close. */
    private void rejectFrame(int length, int maxFrameBytes) throws IOException
    {
        server.metrics().protocolErrors.increment();
        flushAnswers();
        if (length < Protocol.MIN_FRAME_LENGTH)
        {
            // Negative lengths too: the field is signed, so a set top bit is a broken frame, not a huge one.
            LOG.warn("peer {} sent a frame of length {}; closing", peer, length);
            RequestHandler.error(answers, Protocol.CONNECTION_REQUEST_ID, ErrorCode.BAD_FRAME, "frame length "
                + length + (length < 0 ? " is negative" : " is below the minimum of "
                    + Protocol.MIN_FRAME_LENGTH));
        }
        else
        {
            input.require(Protocol.FRAME_HEADER_BYTES);
            LOG.warn("peer {} sent a frame of {} bytes, more than --max-frame-bytes {}; closing", peer, length,
                maxFrameBytes);
            RequestHandler.error(answers, input.intAt(5), ErrorCode.FRAME_TOO_LARGE,
                "frame of " + length + " bytes exceeds the server's --max-frame-bytes "
                    + maxFrameBytes);
        }
        flushAnswers();
        lingerBeforeClose();
    }

    /**
     * Closing a socket with unread input makes the kernel reset the connection, and the reset can overtake the
     * error answer just sent. So stop sending, then read and discard what the peer still sends, within limits.
     */
    private void lingerBeforeClose()
    {
        try
        {
            if (!(socket instanceof javax.net.ssl.SSLSocket))
            {
                socket.shutdownOutput();
            }
            setPhase(Phase.READING);
            input.discard(LINGER_BYTES);
        }
        catch (IOException | UnsupportedOperationException e)
        {
            LOG.debug("peer {}: {}", peer, e.getMessage());
        }
    }

    private void flushAnswers() throws IOException
    {
        if (unsyncedChanges)
        {
            server.awaitDurable();
            unsyncedChanges = false;
        }
        if (answers.position() > 0)
        {
            setPhase(Phase.WRITING);
            output.write(answers.array(), 0, answers.position());
            output.flush();
            answers.reset();
            answers.shrinkTo(FLUSH_BYTES);
        }
    }

    private void send(byte[] bytes) throws IOException
    {
        output.write(bytes);
        output.flush();
    }

    private void setPhase(Phase next)
    {
        phaseSince = System.nanoTime();
        phase = next;
    }

    private void closeSocket()
    {
        try
        {
            socket.close();
        }
        catch (IOException ignored)
        {
            // Already gone.
        }
    }
}
