package dev.sessionfarm.webapp.ops;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Sessions started and ended on this node. In memory mode {@code sessions_active} is this node's sessions. With a
 * store, a session starts on one node and is ended (on expiry) by exactly one node, so the farm's active sessions
 * are the sum of {@code sessions_active} over all nodes (while none has restarted).
 */
public final class SessionCounter implements HttpSessionListener
{
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();

    public SessionCounter(MeterRegistry registry)
    {
        // Not "sessions.created": the Prometheus exposition reserves the _created suffix (a counter's creation
        // time) and would export that meter as sessions_total.
        FunctionCounter.builder("sessions.started", created, AtomicLong::get)
            .description("Sessions created on this node").register(registry);
        FunctionCounter.builder("sessions.ended", ended, AtomicLong::get)
            .description("Sessions ended (invalidated or expired) on this node").register(registry);
        Gauge.builder("sessions.active", this, SessionCounter::active)
            .description("Sessions created here minus sessions ended here").register(registry);
    }

    @Override
    public void sessionCreated(HttpSessionEvent event)
    {
        created.incrementAndGet();
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event)
    {
        ended.incrementAndGet();
    }

    long active()
    {
        return created.get() - ended.get();
    }
}
