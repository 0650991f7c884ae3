package dev.sessionfarm.stateclient;

import java.util.concurrent.locks.LockSupport;

/** One request waiting for its response. Completed exactly once, by whichever thread reads the response. */
final class PendingCall
{
    final Thread waiter = Thread.currentThread();
    final long deadlineNanos;

    private int status;
    private byte[] payload;
    private ConnectionLostException failure;
    private volatile boolean done;

    PendingCall(long deadlineNanos)
    {
        this.deadlineNanos = deadlineNanos;
    }

    boolean isDone()
    {
        return done;
    }

    void complete(int status, byte[] payload)
    {
        this.status = status;
        this.payload = payload;
        done = true;
        LockSupport.unpark(waiter);
    }

    void fail(ConnectionLostException failure)
    {
        this.failure = failure;
        done = true;
        LockSupport.unpark(waiter);
    }

    /** Only valid once {@link #isDone()} returned true. */
    int status() throws ConnectionLostException
    {
        if (failure != null)
        {
            throw failure;
        }
        return status;
    }

    byte[] payload()
    {
        return payload;
    }
}
