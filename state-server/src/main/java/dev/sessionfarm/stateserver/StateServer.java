package dev.sessionfarm.stateserver;

import dev.sessionfarm.stateclient.SharedKeys;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening server: accepts connections (each gets a thread, up to --max-connections), runs the watchdog
 * that enforces every connection's time limits, and the maintenance tasks (expiry cleanup, fsync, compaction).
 */
final class StateServer {

    private static final Logger LOG = LoggerFactory.getLogger(StateServer.class);
    private static final long WATCHDOG_PERIOD_MS = 250;
    private static final int PURGE_BATCH = 10_000;
    private static final long STOP_GRACE_MS = 3_000;

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
    private final ScheduledExecutorService maintenance = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "state-maintenance");
        thread.setDaemon(true);
        return thread;
    });
    private ServerSocket serverSocket;
    private volatile long lastRefusalLogNanos;

    StateServer(ServeOptions options, SessionStore store, Persistence persistence, KeyFile keys, SSLContext tls) {
        this.options = options;
        this.store = store;
        this.persistence = persistence;
        this.keys = keys;
        this.tls = tls;
        this.handler = new RequestHandler(store, metrics, this::describePersistence,
                () -> persistence == null ? 0L : persistence.logBytes());
    }

    void start() throws IOException {
        serverSocket = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(options.bind(), options.port()), 128);
        Thread acceptor = new Thread(this::acceptLoop, "state-acceptor");
        acceptor.start();
        maintenance.scheduleWithFixedDelay(this::watchdog, WATCHDOG_PERIOD_MS, WATCHDOG_PERIOD_MS,
                TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(this::everySecond, 1, 1, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(this::compactIfDue, 5, 5, TimeUnit.SECONDS);
        if (keys != null) {
            maintenance.scheduleWithFixedDelay(keys::reloadIfChanged, 2, 2, TimeUnit.SECONDS);
        }
        long cleanupMs = options.cleanupInterval().toMillis();
        maintenance.scheduleWithFixedDelay(this::removeLongExpired, cleanupMs, cleanupMs, TimeUnit.MILLISECONDS);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    ServeOptions options() {
        return options;
    }

    /** The keys new connections must prove, or null when the server runs without authentication. */
    SharedKeys keys() {
        return keys == null ? null : keys.keys();
    }

    ServerMetrics metrics() {
        return metrics;
    }

    RequestHandler handler() {
        return handler;
    }

    boolean isStopping() {
        return stopping.get();
    }

    /** Waits until changes handled so far are as durable as --fsync promises; a failure withholds the answers. */
    void awaitDurable() throws IOException {
        if (persistence == null) {
            return;
        }
        try {
            persistence.awaitDurable();
        } catch (IOException e) {
            LOG.error("cannot write the log in {} ({}); closing the connection without acknowledging",
                    options.dataDir(), e.getMessage());
            throw e;
        }
    }

    void connectionClosed(ServerConnection connection) {
        if (connections.remove(connection)) {
            metrics.currentConnections.decrementAndGet();
        }
    }

    String describePersistence() {
        return persistence == null ? "off (memory only: a restart loses all sessions)" : persistence.describe();
    }

    /** Stops accepting, lets requests in flight finish (briefly), then closes the log. Safe to call twice. */
    void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        LOG.info("stopping: no new connections, finishing requests in flight");
        closeQuietly(serverSocket);
        connections.forEach(ServerConnection::closeIfIdle);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MS);
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            connections.forEach(ServerConnection::closeIfIdle);
            sleepBriefly();
        }
        connections.forEach(connection -> connection.abort("server stopping"));
        maintenance.shutdownNow();
        try {
            maintenance.awaitTermination(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (persistence != null) {
            try {
                persistence.close();
                LOG.info("log written, forced and closed");
            } catch (IOException e) {
                LOG.error("closing the log failed: {}", e.getMessage());
            }
        }
        LOG.info("state server stopped");
        stopped.countDown();
    }

    void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!stopping.get()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!stopping.get()) {
                    LOG.warn("accepting a connection failed: {}", e.getMessage());
                    sleepBriefly();
                }
                continue;
            }
            admit(socket);
        }
    }

    private void admit(Socket socket) {
        if (metrics.currentConnections.get() >= options.maxConnections()) {
            metrics.refusedConnections.increment();
            long now = System.nanoTime();
            if (now - lastRefusalLogNanos > TimeUnit.SECONDS.toNanos(10)) {
                lastRefusalLogNanos = now;
                LOG.warn("refusing connection from {}: --max-connections {} reached",
                        socket.getRemoteSocketAddress(), options.maxConnections());
            }
            closeQuietly(socket);
            return;
        }
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            ServerConnection connection = new ServerConnection(this, socket);
            metrics.currentConnections.incrementAndGet();
            metrics.totalConnections.increment();
            connections.add(connection);
            Thread thread = new Thread(connection, "state-connection-" + connectionNumbers.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            LOG.warn("could not serve connection from {}: {}", socket.getRemoteSocketAddress(), e.toString());
            closeQuietly(socket);
        }
    }

    private void watchdog() {
        long now = System.nanoTime();
        for (ServerConnection connection : connections) {
            connection.enforceDeadline(now);
        }
    }

    private void everySecond() {
        metrics.sampleRate();
        if (persistence == null) {
            return;
        }
        try {
            if (persistence.fsync() == MutationLog.Fsync.EVERYSEC) {
                persistence.syncNow();
            }
        } catch (IOException e) {
            LOG.error("fsync of the log in {} failed: {}", options.dataDir(), e.toString());
        }
    }

    /** On its own schedule so a long snapshot never delays the once-a-second fsync. */
    private void compactIfDue() {
        if (persistence == null) {
            return;
        }
        try {
            persistence.compactIfDue();
        } catch (IOException | RuntimeException e) {
            LOG.error("compaction of the log in {} failed: {}", options.dataDir(), e.toString());
        }
    }

    /** Sessions expired longer than the grace period: clients normally claim and delete them first. */
    private void removeLongExpired() {
        try {
            long now = System.currentTimeMillis();
            long cutoff = now - options.expiredGrace().toMillis();
            int removed;
            do {
                removed = store.purgeExpired(cutoff, PURGE_BATCH);
                metrics.expiredRemoved.add(removed);
            } while (removed == PURGE_BATCH && !stopping.get());
            store.forgetLapsedClaims(now);
        } catch (RuntimeException e) {
            LOG.error("expiry cleanup failed: {}", e.toString());
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }
}
