package dev.sessionfarm.stateclient;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Up to a fixed number of lazily opened connections, each carrying many calls at once. A call goes to the least
 * busy connection, and a further connection is opened only once every open one has more than
 * {@link #PIPELINE_DEPTH} calls in flight: requests that share a connection share its reads and writes on both
 * sides, which costs far fewer system calls and thread wake-ups than one connection per caller. A broken
 * connection is replaced by the next caller that lands on its slot.
 */
final class ConnectionPool implements AutoCloseable
{
    /** A connection unused for this long is pinged before a non-idempotent call is trusted to it. */
    private static final long IDLE_VALIDATION_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ClientSettings settings;
    private final Slot[] slots;
    static final int PIPELINE_DEPTH = 4;
    private final ScheduledExecutorService watchdog;
    /** Connections last used before this moment may have been cut by the same failure someone just saw. */
    private volatile long suspectBeforeNanos = System.nanoTime();
    private volatile boolean closed;

    ConnectionPool(ClientSettings settings)
    {
        this.settings = settings;
        this.slots = new Slot[settings.poolSize()];
        for (int i = 0; i < slots.length; i++)
        {
            slots[i] = new Slot();
        }
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            Thread thread = new Thread(runnable, "state-client-watchdog " + settings.address());
            thread.setDaemon(true);
            return thread;
        });
        // Blocking reads have no timeout of their own: this check is what ends a call at its deadline.
        long periodMs = Math.max(10, Math.min(250, settings.networkTimeoutMs() / 10));
        watchdog.scheduleWithFixedDelay(this::expireOverdueCalls, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    Slot nextSlot()
    {
        if (closed)
        {
            throw new IllegalStateException("state server client for " + settings.address() + " is closed");
        }
        Slot best = slots[0];
        int bestLoad = Integer.MAX_VALUE;
        for (Slot slot : slots)
        {
            ClientConnection connection = slot.current;
            // An unopened or broken slot counts as busy as the pipeline depth: used only when the open ones are busier.
            int load = connection == null || connection.isBroken() ? PIPELINE_DEPTH : connection.callsInFlight();
            if (load < bestLoad)
            {
                best = slot;
                bestLoad = load;
                if (load == 0)
                {
                    break;
                }
            }
        }
        return best;
    }

    void markSuspect()
    {
        suspectBeforeNanos = System.nanoTime();
    }

    boolean needsValidation(ClientConnection connection)
    {
        long lastUsed = connection.lastUsedNanos();
        return lastUsed - suspectBeforeNanos <= 0 || System.nanoTime() - lastUsed > IDLE_VALIDATION_NANOS;
    }

    private void expireOverdueCalls()
    {
        long now = System.nanoTime();
        for (Slot slot : slots)
        {
            ClientConnection connection = slot.current;
            if (connection != null)
            {
                connection.expireOverdueCalls(now);
            }
        }
    }

    @Override
    public void close()
    {
        closed = true;
        watchdog.shutdownNow();
        for (Slot slot : slots)
        {
            ClientConnection connection = slot.current;
            if (connection != null)
            {
                connection.close();
            }
        }
    }

    /** One pooled connection, (re)opened on demand. */
    final class Slot
    {
        private final ReentrantLock opening = new ReentrantLock();
        private volatile ClientConnection current;
        private StateServerException lastFailure;
        private long lastFailureNanos;

        ClientConnection connection()
        {
            ClientConnection connection = current;
            if (connection != null && !connection.isBroken())
            {
                return connection;
            }
            long askedAt = System.nanoTime();
            opening.lock();
            try
            {
                connection = current;
                if (connection != null && !connection.isBroken())
                {
                    return connection;
                }
                if (lastFailure != null && lastFailureNanos - askedAt >= 0)
                {
                    // Someone tried while we waited for the lock; repeating the attempt would only queue callers
                    // behind one connect timeout after another.
                    throw copyOf(lastFailure);
                }
                try
                {
                    connection = ClientConnection.open(settings, watchdog);
                }
                catch (StateServerException e)
                {
                    lastFailure = e;
                    lastFailureNanos = System.nanoTime();
                    throw e;
                }
                lastFailure = null;
                current = connection;
                if (closed)
                {
                    connection.close();
                }
                return connection;
            }
            finally
            {
                opening.unlock();
            }
        }

        private StateServerException copyOf(StateServerException failure)
        {
            if (failure instanceof StateServerRefusedException refused)
            {
                return new StateServerRefusedException(refused.code(), refused.getMessage());
            }
            return new StateServerUnavailableException(failure.getMessage(), failure);
        }
    }
}
