package dev.sessionfarm.stateclient;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed number of lazily opened connections, used round-robin; each carries many calls at once, so the pool
 * is small. A broken connection is replaced by the next caller that lands on its slot.
 */
final class ConnectionPool implements AutoCloseable {

    /** A connection unused for this long is pinged before a non-idempotent call is trusted to it. */
    private static final long IDLE_VALIDATION_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ClientSettings settings;
    private final Slot[] slots;
    private final AtomicInteger nextSlot = new AtomicInteger();
    private final ScheduledExecutorService watchdog;
    /** Connections last used before this moment may have been cut by the same failure someone just saw. */
    private volatile long suspectBeforeNanos = System.nanoTime();
    private volatile boolean closed;

    ConnectionPool(ClientSettings settings) {
        this.settings = settings;
        this.slots = new Slot[settings.poolSize()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "state-client-watchdog " + settings.address());
            thread.setDaemon(true);
            return thread;
        });
        long periodMs = Math.max(50, Math.min(1000, settings.networkTimeoutMs() / 4));
        watchdog.scheduleWithFixedDelay(this::expireOverdueCalls, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    Slot nextSlot() {
        if (closed) {
            throw new IllegalStateException("state server client for " + settings.address() + " is closed");
        }
        return slots[Math.floorMod(nextSlot.getAndIncrement(), slots.length)];
    }

    void markSuspect() {
        suspectBeforeNanos = System.nanoTime();
    }

    boolean needsValidation(ClientConnection connection) {
        long lastUsed = connection.lastUsedNanos();
        return lastUsed - suspectBeforeNanos <= 0 || System.nanoTime() - lastUsed > IDLE_VALIDATION_NANOS;
    }

    private void expireOverdueCalls() {
        long now = System.nanoTime();
        for (Slot slot : slots) {
            ClientConnection connection = slot.current;
            if (connection != null) {
                connection.expireOverdueCalls(now);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        for (Slot slot : slots) {
            ClientConnection connection = slot.current;
            if (connection != null) {
                connection.close();
            }
        }
    }

    /** One pooled connection, (re)opened on demand. */
    final class Slot {

        private final ReentrantLock opening = new ReentrantLock();
        private volatile ClientConnection current;
        private StateServerException lastFailure;
        private long lastFailureNanos;

        ClientConnection connection() {
            ClientConnection connection = current;
            if (connection != null && !connection.isBroken()) {
                return connection;
            }
            long askedAt = System.nanoTime();
            opening.lock();
            try {
                connection = current;
                if (connection != null && !connection.isBroken()) {
                    return connection;
                }
                if (lastFailure != null && lastFailureNanos - askedAt >= 0) {
                    // Someone tried while we waited for the lock; repeating the attempt would only queue callers
                    // behind one connect timeout after another.
                    throw copyOf(lastFailure);
                }
                try {
                    connection = ClientConnection.open(settings);
                } catch (StateServerException e) {
                    lastFailure = e;
                    lastFailureNanos = System.nanoTime();
                    throw e;
                }
                lastFailure = null;
                current = connection;
                if (closed) {
                    connection.close();
                }
                return connection;
            } finally {
                opening.unlock();
            }
        }

        private StateServerException copyOf(StateServerException failure) {
            if (failure instanceof StateServerRefusedException refused) {
                return new StateServerRefusedException(refused.code(), refused.getMessage());
            }
            return new StateServerUnavailableException(failure.getMessage(), failure);
        }
    }
}
