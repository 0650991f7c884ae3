package dev.sessionfarm.stateclient;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import dev.sessionfarm.stateprotocol.ErrorCode;
import dev.sessionfarm.stateprotocol.Protocol;

/**
 * One authenticated connection carrying many concurrent requests, matched to responses by request id.
 * <p>
 * No thread is dedicated to it. Writers append their frames to an outbox that whichever caller wins the writer
 * flag drains, so frames are never interleaved and no caller blocks behind another's write. Reading is done by
 * the callers themselves (leader/follower): one waiting caller holds the reader role and reads responses,
 * completing other callers' calls as their responses arrive, until its own has arrived; then it hands the role to
 * another waiter. With one caller that means no thread hand-off at all per call.
 */
final class ClientConnection
{
    private static final int BUFFER_BYTES = 64 * 1024;

    private final ClientSettings settings;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final ConcurrentHashMap<Integer, PendingCall> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger requestIds = new AtomicInteger();
    private final AtomicInteger callsInFlight = new AtomicInteger();
    private final ReentrantLock readerRole = new ReentrantLock();
    private final ConcurrentLinkedQueue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicReference<ConnectionLostException> failure = new AtomicReference<>();
    private volatile long lastUsedNanos = System.nanoTime();

    private ClientConnection(ClientSettings settings, Socket socket) throws IOException
    {
        this.settings = settings;
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES));
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES);
    }

    /** Connects and authenticates, or throws a {@link StateServerException} that says why not. */
    static ClientConnection open(ClientSettings settings, ScheduledExecutorService timer)
    {
        ClientHandshake handshake = new ClientHandshake(settings, timer);
        Socket socket = handshake.connect();
        try
        {
            ClientConnection connection = new ClientConnection(settings, socket);
            handshake.perform(socket, connection.in, connection.out);
            return connection;
        }
        catch (IOException | RuntimeException e)
        {
            ClientHandshake.closeQuietly(socket);
            if (e instanceof StateServerException stateServerException)
            {
                throw stateServerException;
            }
            throw new StateServerUnavailableException("state server at " + settings.address()
                + " failed during the handshake (" + e.getMessage() + ")", e);
        }
    }

    boolean isBroken()
    {
        return failure.get() != null;
    }

    long lastUsedNanos()
    {
        return lastUsedNanos;
    }

    /** Calls sent or being sent and not yet answered; the pool's measure of load. */
    int callsInFlight()
    {
        return callsInFlight.get();
    }

    /**
     * Sends one request frame (its request id field is filled in here) and waits for the answer.
     *
     * @return the response's status; its payload is then in {@code call.payload()}
     */
    PendingCall call(byte[] frame) throws ConnectionLostException
    {
        PendingCall call = new PendingCall(System.nanoTime() + settings.networkTimeoutNanos());
        int requestId = nextRequestId();
        putRequestId(frame, requestId);
        inFlight.put(requestId, call);
        ConnectionLostException lost = failure.get();
        if (lost != null)
        {
            inFlight.remove(requestId);
            throw new ConnectionLostException(lost.getMessage(), lost.getCause(), false, lost.timedOut());
        }
        lastUsedNanos = System.nanoTime();
        callsInFlight.incrementAndGet();
        try
        {
            send(frame);
            awaitResponse(call);
        }
        finally
        {
            callsInFlight.decrementAndGet();
        }
        call.status();
        return call;
    }

    /** Fails every in-flight call whose deadline has passed; the pool's watchdog calls this periodically. */
    void expireOverdueCalls(long nowNanos)
    {
        for (PendingCall call : inFlight.values())
        {
            if (nowNanos - call.deadlineNanos > 0 && !call.isDone())
            {
                fail(timeout());
                return;
            }
        }
    }

    void close()
    {
        fail(new ConnectionLostException("connection closed by the client", null, true, false));
    }

    private int nextRequestId()
    {
        int id;
        do
        {
            id = requestIds.incrementAndGet();
        }
        while (id == Protocol.CONNECTION_REQUEST_ID);
        return id;
    }

    private static void putRequestId(byte[] frame, int requestId)
    {
        frame[5] = (byte)(requestId >>> 24);
        frame[6] = (byte)(requestId >>> 16);
        frame[7] = (byte)(requestId >>> 8);
        frame[8] = (byte)requestId;
    }

    private void send(byte[] frame)
    {
        outbox.add(frame);
        while (!outbox.isEmpty() && writing.compareAndSet(false, true))
        {
            try
            {
                byte[] next;
                while ((next = outbox.poll()) != null)
                {
                    if (failure.get() == null)
                    {
                        out.write(next);
                    }
                }
                if (failure.get() == null)
                {
                    out.flush();
                }
            }
            catch (IOException e)
            {
                fail(new ConnectionLostException("connection to state server at " + settings.address()
                    + " broke while sending (" + e.getMessage() + ")", e, true, false));
            }
            finally
            {
                writing.set(false);
            }
        }
    }

    private void awaitResponse(PendingCall call)
    {
        while (!call.isDone())
        {
            if (failure.get() != null)
            {
                // Whoever failed the connection is failing every call on it, this one included; wait for that.
                LockSupport.parkNanos(this, 1_000_000);
                continue;
            }
            long remaining = call.deadlineNanos - System.nanoTime();
            if (remaining <= 0)
            {
                fail(timeout());
            }
            else if (readerRole.tryLock())
            {
                try
                {
                    readUntilDone(call);
                }
                finally
                {
                    readerRole.unlock();
                    wakeNextReader();
                }
            }
            else
            {
                LockSupport.parkNanos(this, remaining);
            }
        }
    }

    /**
     * Reads with a plain blocking read: the deadline is enforced by whoever notices it first (a waiting follower
     * or the pool's watchdog), by failing the connection, which closes the socket under this read.
     */
    private void readUntilDone(PendingCall call)
    {
        try
        {
            while (!call.isDone())
            {
                readOneResponse();
            }
        }
        catch (IOException e)
        {
            fail(new ConnectionLostException("connection to state server at " + settings.address()
                + " broke while waiting for an answer (" + describe(e) + ")", e, true, false));
        }
    }

    private void readOneResponse() throws IOException
    {
        int length = in.readInt();
        if (length < Protocol.MIN_FRAME_LENGTH || length > settings.maxFrameBytes())
        {
            fail(new ConnectionLostException("state server at " + settings.address() + " sent a frame of length "
                + length + "; closing the connection", null, true, false));
            return;
        }
        int status = in.readUnsignedByte();
        int requestId = in.readInt();
        byte[] payload = new byte[length - 5];
        in.readFully(payload);
        PendingCall owner = inFlight.remove(requestId);
        if (owner != null)
        {
            owner.complete(status, payload);
            if (status == Protocol.STATUS_ERROR && payload.length >= 2
                && ErrorCode.fromCode((payload[0] & 0xFF) << 8 | payload[1] & 0xFF).closesConnection())
            {
                // Answers come in request order and the server read nothing after the refused frame, so
                // requests still waiting here never reached it and may be retried.
                fail(new ConnectionLostException("state server at " + settings.address()
                    + " closed the connection after refusing a request", null, false, false));
            }
        }
        else
        {
            fail(new ConnectionLostException("state server at " + settings.address()
                + " answered request id " + requestId + ", which is not in flight", null, true, false));
        }
    }

    /** Gives the reader role to a caller still waiting, so responses keep being read after the leader leaves. */
    private void wakeNextReader()
    {
        for (PendingCall waiting : inFlight.values())
        {
            if (!waiting.isDone())
            {
                LockSupport.unpark(waiting.waiter);
                return;
            }
        }
    }

    private void fail(ConnectionLostException cause)
    {
        if (!failure.compareAndSet(null, cause))
        {
            return;
        }
        ClientHandshake.closeQuietly(socket);
        Iterator<PendingCall> calls = inFlight.values().iterator();
        while (calls.hasNext())
        {
            PendingCall call = calls.next();
            calls.remove();
            call.fail(cause);
        }
    }

    private ConnectionLostException timeout()
    {
        return new ConnectionLostException("state server at " + settings.address() + " did not answer within "
            + settings.networkTimeoutMs() + " ms (network timeout); check that it is running and not overloaded",
            null, true, true);
    }

    private static String describe(IOException e)
    {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
