package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

import dev.sessionfarm.stateprotocol.ErrorCode;
import dev.sessionfarm.stateprotocol.SharedKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening server: accepts connections (each gets a thread, up to --max-connections), runs the watchdog
 * that enforces every connection's time limits, and the maintenance tasks (expiry cleanup, fsync, compaction).
 */
final class StateServer
{
    private static final Logger LOG = LoggerFactory.getLogger(StateServer.class);
    private static final long WATCHDOG_PERIOD_MS = 250;
    private static final int ORPHAN_BATCH = 10_000;
    private static final long STOP_GRACE_MS = 3_000;
    private static final long LOG_INTERVAL_MS = 10_000;
    /** The kernel caps it at net.core.somaxconn (4096 on current Linux). */
    private static final int ACCEPT_BACKLOG = 4096;

    private final ServeOptions options;
    private final SessionStore store;
    private final Persistence persistence;
    private final KeyFile keys;
    private final SSLContext tls;
    private final ServerMetrics metrics = new ServerMetrics();
    private final RequestHandler handler;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionNumbers = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService maintenance = Executors.newScheduledThreadPool(2, runnable ->
    {
        Thread thread = new Thread(runnable, "state-maintenance");
        thread.setDaemon(true);
        return thread;
    });
    private ServerSocket serverSocket;
    private final HandshakeQuota handshakes;
    private final AtomicInteger slotsTaken = new AtomicInteger();
    private final RateLimitedLog refusalLog = new RateLimitedLog(LOG, "refused or closed connections", LOG_INTERVAL_MS);
    private final RateLimitedLog authFailureLog = new RateLimitedLog(LOG, "failed authentications", LOG_INTERVAL_MS);
    private final RateLimitedLog handshakeErrorLog = new RateLimitedLog(LOG, "failed handshakes", LOG_INTERVAL_MS);

    StateServer(ServeOptions options, SessionStore store, Persistence persistence, KeyFile keys, SSLContext tls)
    {
        this.options = options;
        this.store = store;
        this.persistence = persistence;
        this.keys = keys;
        this.tls = tls;
        this.handshakes = new HandshakeQuota(options.maxUnauthenticated(), options.maxUnauthenticatedPerAddress());
        this.handler = new RequestHandler(store, metrics, this::describePersistence,
            () -> persistence == null ? 0L : persistence.logBytes(),
            () -> persistence == null ? 0 : persistence.fsync() == MutationLog.Fsync.ALWAYS ? 2 : 1,
            this::awaitVisible);
    }

    void start() throws IOException
    {
        serverSocket = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        serverSocket.setReuseAddress(true);
        // A long accept queue: a node's connect waits its turn behind an attacker's instead of being dropped.
        serverSocket.bind(new InetSocketAddress(options.bind(), options.port()), ACCEPT_BACKLOG);
        Thread acceptor = new Thread(this::acceptLoop, "state-acceptor");
        acceptor.start();
        maintenance.scheduleWithFixedDelay(this::watchdog, WATCHDOG_PERIOD_MS, WATCHDOG_PERIOD_MS,
            TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(this::everySecond, 1, 1, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(this::compactIfDue, 5, 5, TimeUnit.SECONDS);
        if (keys != null)
        {
            maintenance.scheduleWithFixedDelay(keys::reloadIfChanged, 2, 2, TimeUnit.SECONDS);
        }
        long cleanupMs = options.cleanupInterval().toMillis();
        maintenance.scheduleWithFixedDelay(this::removeLongExpired, cleanupMs, cleanupMs, TimeUnit.MILLISECONDS);
    }

    InetSocketAddress address()
    {
        return (InetSocketAddress)serverSocket.getLocalSocketAddress();
    }

    ServeOptions options()
    {
        return options;
    }

    /** The keys new connections must prove, or null when the server runs without authentication. */
    SharedKeys keys()
    {
        return keys == null ? null : keys.keys();
    }

    ServerMetrics metrics()
    {
        return metrics;
    }

    RequestHandler handler()
    {
        return handler;
    }

    boolean isStopping()
    {
        return stopping.get();
    }

    /** Waits until changes handled so far are as durable as --fsync promises; a failure withholds the answers. */
    void awaitDurable() throws IOException
    {
        if (persistence == null)
        {
            return;
        }
        try
        {
            persistence.awaitDurable();
        }
        catch (IOException e)
        {
            LOG.error("cannot write the log in {} ({}); closing the connection without acknowledging",
                options.dataDir(), e.getMessage());
            throw e;
        }
    }

    /**
     * Before an answer shows a session, the change that made it so must be durable: a save whose answer was
     * withheld (the log could not be written) must never be seen by a load, since a restart would take it back.
     */
    private void awaitVisible(long journalSeq)
    {
        if (persistence == null || journalSeq <= persistence.durableSeq())
        {
            return;
        }
        try
        {
            persistence.awaitDurable(journalSeq);
        }
        catch (IOException e)
        {
            throw new RefusedException(ErrorCode.PERSISTENCE_FAILED, "the latest change to this session is not on"
                + " disk yet, the state server cannot write its log (" + e.getMessage() + "); try again later");
        }
    }

    void connectionClosed(ServerConnection connection)
    {
        if (connections.remove(connection))
        {
            metrics.currentConnections.decrementAndGet();
            if (connection.holdsSlot())
            {
                slotsTaken.decrementAndGet();
            }
            else
            {
                handshakes.leave(connection);
            }
        }
    }

    /**
     * A connection finished its handshake: it leaves the handshake quota and takes one of the --max-connections
     * slots, or is refused if they are all taken (unauthenticated connections never hold one).
     */
    boolean takeSlot(ServerConnection connection)
    {
        handshakes.leave(connection);
        if (slotsTaken.incrementAndGet() > options.maxConnections())
        {
            slotsTaken.decrementAndGet();
            metrics.refusedConnections.increment();
            refusalLog.warn("refusing connection from {}: --max-connections {} reached", connection.address(),
                options.maxConnections());
            return false;
        }
        return true;
    }

    RateLimitedLog refusalLog()
    {
        return refusalLog;
    }

    RateLimitedLog authFailureLog()
    {
        return authFailureLog;
    }

    RateLimitedLog handshakeErrorLog()
    {
        return handshakeErrorLog;
    }

    /** Why the server should get no traffic now (stopping, or its log cannot be written), or null when ready. */
    String notReadyReason()
    {
        if (stopping.get())
        {
            return "stopping";
        }
        try
        {
            if (persistence != null)
            {
                persistence.checkWritable();
            }
            return null;
        }
        catch (RefusedException e)
        {
            return e.getMessage();
        }
    }

    String describePersistence()
    {
        return persistence == null ? "off (memory only: a restart loses all sessions)" : persistence.describe();
    }

    /** Stops accepting, lets requests in flight finish (briefly), then closes the log. Safe to call twice. */
    void stop()
    {
        if (!stopping.compareAndSet(false, true))
        {
            awaitStopped();
            return;
        }
        LOG.info("stopping: no new connections, finishing requests in flight");
        closeQuietly(serverSocket);
        connections.forEach(ServerConnection::closeIfIdle);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MS);
        while (!connections.isEmpty() && System.nanoTime() < deadline)
        {
            connections.forEach(ServerConnection::closeIfIdle);
            sleepBriefly();
        }
        connections.forEach(connection -> connection.abort("server stopping"));
        maintenance.shutdownNow();
        try
        {
            maintenance.awaitTermination(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        if (persistence != null)
        {
            try
            {
                persistence.close();
                LOG.info("log written, forced and closed");
            }
            catch (IOException e)
            {
                LOG.error("closing the log failed: {}", e.getMessage());
            }
        }
        LOG.info("state server stopped");
        stopped.countDown();
    }

    void awaitStopped()
    {
        try
        {
            stopped.await();
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop()
    {
        while (!stopping.get())
        {
            Socket socket;
            try
            {
                socket = serverSocket.accept();
            }
            catch (IOException e)
            {
                if (!stopping.get())
                {
                    LOG.warn("accepting a connection failed: {}", e.getMessage());
                    sleepBriefly();
                }
                continue;
            }
            admit(socket);
        }
    }

    private void admit(Socket socket)
    {
        ServerConnection connection = null;
        try
        {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            connection = new ServerConnection(this, socket);
            metrics.currentConnections.incrementAndGet();
            metrics.totalConnections.increment();
            connections.add(connection);
            ServerConnection evicted = handshakes.admit(connection);
            if (evicted != null)
            {
                metrics.refusedConnections.increment();
                evicted.abort("making room for a newer one: --max-unauthenticated "
                    + options.maxUnauthenticated() + " or --max-unauthenticated-per-address "
                    + options.maxUnauthenticatedPerAddress() + " reached");
            }
            Thread thread = new Thread(connection, "state-connection-" + connectionNumbers.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }
        catch (IOException | RuntimeException | OutOfMemoryError e)
        {
            LOG.warn("could not serve connection from {}: {}", socket.getRemoteSocketAddress(), e.toString());
            closeQuietly(socket);
            if (connection != null)
            {
                connectionClosed(connection);
            }
        }
    }

    private void watchdog()
    {
        long now = System.nanoTime();
        for (ServerConnection connection : connections)
        {
            connection.enforceDeadline(now);
        }
    }

    private void everySecond()
    {
        metrics.sampleRate();
        refusalLog.flush();
        authFailureLog.flush();
        handshakeErrorLog.flush();
        if (persistence == null)
        {
            return;
        }
        try
        {
            if (persistence.fsync() == MutationLog.Fsync.EVERYSEC)
            {
                persistence.syncNow();
            }
            else
            {
                persistence.retryIfFailed();
            }
        }
        catch (IOException e)
        {
            LOG.error("fsync of the log in {} failed: {}", options.dataDir(), e.toString());
        }
    }

    /** On its own schedule so a long snapshot never delays the once-a-second fsync. */
    private void compactIfDue()
    {
        if (persistence == null)
        {
            return;
        }
        try
        {
            persistence.compactIfDue();
        }
        catch (IOException | RuntimeException e)
        {
            LOG.error("compaction of the log in {} failed: {}", options.dataDir(), e.toString());
        }
    }

    /** Sessions expired longer than the grace period: clients normally claim and delete them first. */
    private void removeLongExpired()
    {
        try
        {
            long now = System.currentTimeMillis();
            long cutoff = now - options.expiredGrace().toMillis();
            int removed;
            do
            {
                removed = store.cleanOrphans(cutoff, ORPHAN_BATCH);
                metrics.expiredRemoved.add(removed);
            }
            while (removed == ORPHAN_BATCH && !stopping.get());
            store.forgetLapsedClaims(now);
        }
        catch (RuntimeException e)
        {
            LOG.error("expiry cleanup failed: {}", e.toString());
        }
    }

    private static void sleepBriefly()
    {
        try
        {
            Thread.sleep(50);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable)
    {
        try
        {
            if (closeable != null)
            {
                closeable.close();
            }
        }
        catch (IOException ignored)
        {
            // Nothing left to release.
        }
    }
}
