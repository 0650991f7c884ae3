package dev.sessionfarm.stateclient;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.sessionfarm.model.SaveRequest;
import dev.sessionfarm.model.SaveResult;
import dev.sessionfarm.model.SessionMetadata;
import dev.sessionfarm.stateprotocol.MalformedMessageException;
import dev.sessionfarm.stateprotocol.Op;
import dev.sessionfarm.stateprotocol.Protocol;
import dev.sessionfarm.stateprotocol.ServerAddress;
import dev.sessionfarm.stateprotocol.ServerStats;
import dev.sessionfarm.stateprotocol.SharedKeys;
import dev.sessionfarm.stateprotocol.WireReader;

/**
 * A thread-safe client for the state server: pooled, pipelined connections, a network timeout on every call,
 * and transparent reconnection after the server restarts.
 * <p>
 * A call that fails because its connection died is retried once on a fresh connection if the operation is
 * idempotent (load, touch, exists, check-expired, stats, ping). A save, delete or claim that may have reached the
 * server is never retried: it fails with a {@link StateServerUnavailableException} saying it may have been
 * applied. Server refusals raise {@link StateServerRefusedException}.
 */
public final class StateServerClient implements AutoCloseable
{
    public static final int DEFAULT_PORT = Protocol.DEFAULT_PORT;
    /** The defaults of session-farm's session.connectTimeout, session.networkTimeout and session.poolSize. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_NETWORK_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_POOL_SIZE = 10;

    private final ClientSettings settings;
    private final ConnectionPool pool;

    private StateServerClient(ClientSettings settings)
    {
        this.settings = settings;
        this.pool = new ConnectionPool(settings);
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** "host:port" of the server this client talks to. */
    public String address()
    {
        return settings.address();
    }

    /**
     * The session, or NOT_FOUND; UNCHANGED (no attribute bytes) when its version equals {@code knownVersion}; from a
     * protocol-2 server possibly a DELTA against {@code knownVersion}. A protocol-1 server answers FOUND instead.
     */
    public LoadResult load(String scope, String id, long knownVersion)
    {
        return call(Op.LOAD, RequestCodec.load(scope, id, knownVersion),
            (status, in) -> RequestCodec.decodeLoad(status, in, knownVersion));
    }

    /** Applies one save atomically; see {@link SaveRequest} for replace versus delta. */
    public SaveResult save(SaveRequest request)
    {
        return call(Op.SAVE, RequestCodec.save(request), RequestCodec::decodeSave);
    }

    /**
     * Writes only the metadata (never attributes or version), if {@code metadata.accessed()} is not older than the
     * stored one. Returns false if the session does not exist.
     */
    public boolean touch(String scope, String id, SessionMetadata metadata)
    {
        return call(Op.TOUCH, RequestCodec.touch(scope, id, metadata), (status, in) -> found(status));
    }

    /**
     * Deletes the session; with {@code onlyIfExpiredAt > 0} only if it has expired by then. Of several concurrent
     * deleters exactly one gets true.
     */
    public boolean delete(String scope, String id, long onlyIfExpiredAt)
    {
        return call(Op.DELETE, RequestCodec.delete(scope, id, onlyIfExpiredAt), (status, in) -> flag(status, in));
    }

    /** True iff the session exists and has not expired at {@code now}. */
    public boolean exists(String scope, String id, long now)
    {
        return call(Op.EXISTS, RequestCodec.exists(scope, id, now), (status, in) -> flag(status, in));
    }

    /** The candidates that are missing or expired at {@code now}. */
    public List<String> checkExpired(String scope, Collection<String> candidateIds, long now)
    {
        return call(Op.CHECK_EXPIRED, RequestCodec.checkExpired(scope, candidateIds, now), RequestCodec::decodeIds);
    }

    /**
     * Claims up to {@code limit} sessions of the scope that expired at or before {@code before} and are not claimed
     * by someone else; the claim lasts {@code claimTtlMs} from {@code now}. No two callers get the same id while a
     * claim is live.
     */
    public List<String> claimExpired(String scope, long before, int limit, String claimant, long claimTtlMs,
                                     long now)
    {
        return call(Op.CLAIM_EXPIRED, RequestCodec.claimExpired(scope, before, limit, claimant, claimTtlMs, now),
            RequestCodec::decodeIds);
    }

    /** Deletes up to {@code limit} sessions of any scope that expired at or before {@code before}. */
    public int cleanOrphans(long before, int limit)
    {
        return call(Op.CLEAN_ORPHANS, RequestCodec.cleanOrphans(before, limit), (status, in) ->
        {
            RequestCodec.expectOk(status);
            return in.i32();
        });
    }

    public ServerStats stats()
    {
        return call(Op.STATS, RequestCodec.empty(Op.STATS), RequestCodec::decodeStats);
    }

    /** Round trip to the server; throws if it cannot be reached. */
    public void ping()
    {
        call(Op.PING, RequestCodec.empty(Op.PING), (status, in) -> found(status));
    }

    @Override
    public void close()
    {
        pool.close();
    }

    private interface Decoder<T>
    {
        T decode(int status, WireReader in);
    }

    private <T> T call(Op op, byte[] frame, Decoder<T> decoder)
    {
        PendingCall answer = execute(op, frame);
        byte[] payload = answer.payload();
        WireReader in = new WireReader(payload, 0, payload.length);
        int status;
        try
        {
            status = answer.status();
        }
        catch (ConnectionLostException e)
        {
            throw new IllegalStateException(e);
        }
        try
        {
            if (status == Protocol.STATUS_ERROR)
            {
                throw RequestCodec.refusal(settings, op, in);
            }
            T result = decoder.decode(status, in);
            in.expectEnd();
            return result;
        }
        catch (MalformedMessageException | IllegalStateException e)
        {
            throw new StateServerUnavailableException("state server at " + settings.address()
                + " sent a malformed answer to " + op + " (" + e.getMessage() + "); is it a compatible version?",
                e);
        }
    }

    private PendingCall execute(Op op, byte[] frame)
    {
        ConnectionPool.Slot slot = pool.nextSlot();
        ClientConnection connection = slot.connection();
        if (!op.idempotent() && pool.needsValidation(connection))
        {
            connection = validated(slot, connection);
        }
        try
        {
            return connection.call(frame);
        }
        catch (ConnectionLostException lost)
        {
            pool.markSuspect();
            if (lost.timedOut() || lost.requestMaySurvive() && !op.idempotent())
            {
                throw unavailable(op, lost);
            }
            try
            {
                return slot.connection().call(frame.clone());
            }
            catch (ConnectionLostException again)
            {
                throw unavailable(op, again);
            }
        }
    }

    /** Pings a connection that may have gone stale, so a save is not the call that finds out. */
    private ClientConnection validated(ConnectionPool.Slot slot, ClientConnection connection)
    {
        try
        {
            connection.call(RequestCodec.empty(Op.PING));
            return connection;
        }
        catch (ConnectionLostException e)
        {
            pool.markSuspect();
            if (e.timedOut())
            {
                throw unavailable(Op.PING, e);
            }
            return slot.connection();
        }
    }

    private StateServerUnavailableException unavailable(Op op, ConnectionLostException lost)
    {
        String outcome = !op.idempotent() && lost.requestMaySurvive()
            ? "; the " + op + " may or may not have been applied"
            : "";
        return new StateServerUnavailableException(lost.getMessage() + outcome, lost);
    }

    private static boolean found(int status)
    {
        if (status == Protocol.STATUS_NOT_FOUND)
        {
            return false;
        }
        RequestCodec.expectOk(status);
        return true;
    }

    private static boolean flag(int status, WireReader in)
    {
        RequestCodec.expectOk(status);
        return in.bool();
    }

    /**
     * Builds a client; every setting has a default (127.0.0.1:42424, no key, no TLS, 3 s connect, 10 s network, 10
     * connections), those of a node's session settings.
     */
    public static final class Builder
    {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private SharedKeys keys;
        private SSLContext tls;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration networkTimeout = DEFAULT_NETWORK_TIMEOUT;
        private int poolSize = DEFAULT_POOL_SIZE;
        private int maxFrameBytes = Protocol.DEFAULT_MAX_FRAME_BYTES;
        private int maxProtocolVersion = Protocol.MAX_VERSION;

        private Builder()
        {
        }

        /** "host:port", "host" (default port) or "[ipv6]:port". */
        public Builder address(String address)
        {
            ServerAddress parsed = ServerAddress.parse(address);
            return address(parsed.host(), parsed.port());
        }

        public Builder address(String host, int port)
        {
            if (port < 1 || port > 65535)
            {
                throw new IllegalArgumentException("state server port must be 1..65535, was " + port);
            }
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /** The shared key(s) to prove with; without them only a server that requires no key is accepted. */
        public Builder sharedKeys(SharedKeys keys)
        {
            this.keys = keys;
            return this;
        }

        /** Like {@link #keyFile(Path)}; {@code allowReadableByOthers} accepts a file group or others can read. */
        public Builder keyFile(Path keyFile, boolean allowReadableByOthers) throws IOException
        {
            return sharedKeys(SharedKeys.read(keyFile, allowReadableByOthers));
        }

        /** Reads the key file, refusing one that group or others can read (see {@link SharedKeys#read(Path)}). */
        public Builder keyFile(Path keyFile) throws IOException
        {
            return sharedKeys(SharedKeys.read(keyFile));
        }

        /** Enables TLS with the given context; the server's certificate must also match the host name. */
        public Builder tls(SSLContext context)
        {
            this.tls = context;
            return this;
        }

        /** Enables TLS, trusting the certificates in a PKCS12 (or JKS) trust store. */
        public Builder trustStore(Path trustStore, char[] password) throws IOException, GeneralSecurityException
        {
            KeyStore store = KeyStore.getInstance(trustStore.toFile(), password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return tls(context);
        }

        public Builder connectTimeout(Duration timeout)
        {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** The longest any call waits for its answer (ASP.NET's stateNetworkTimeout). */
        public Builder networkTimeout(Duration timeout)
        {
            this.networkTimeout = positive(timeout, "network timeout");
            return this;
        }

        /** Connections kept open; each carries many concurrent calls. */
        public Builder poolSize(int poolSize)
        {
            if (poolSize < 1 || poolSize > 1024)
            {
                throw new IllegalArgumentException("pool size must be 1..1024, was " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /** The largest answer accepted from the server; should match the server's --max-frame-bytes. */
        /** Offers at most this protocol version, as a client from before it would (rolling-upgrade tests). */
        public Builder maxProtocolVersion(int version)
        {
            if (version < Protocol.MIN_VERSION || version > Protocol.MAX_VERSION)
            {
                throw new IllegalArgumentException("protocol version must be " + Protocol.MIN_VERSION + ".."
                    + Protocol.MAX_VERSION + ", was " + version);
            }
            this.maxProtocolVersion = version;
            return this;
        }

        public Builder maxFrameBytes(int maxFrameBytes)
        {
            if (maxFrameBytes < 1024)
            {
                throw new IllegalArgumentException("max frame bytes must be at least 1024, was " + maxFrameBytes);
            }
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        public StateServerClient build()
        {
            return new StateServerClient(new ClientSettings(host, port, keys,
                tls == null ? null : tls.getSocketFactory(), (int)Math.min(Integer.MAX_VALUE,
                    connectTimeout.toMillis()),
                TimeUnit.MILLISECONDS.toNanos(networkTimeout.toMillis()), poolSize,
                maxFrameBytes, maxProtocolVersion));
        }

        private static Duration positive(Duration duration, String what)
        {
            if (duration.isNegative() || duration.isZero())
            {
                throw new IllegalArgumentException(what + " must be positive, was " + duration);
            }
            return duration;
        }
    }
}
