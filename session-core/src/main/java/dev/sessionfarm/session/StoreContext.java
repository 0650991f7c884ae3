package dev.sessionfarm.session;

import java.util.function.Consumer;

import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionSettings;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a {@link SessionStoreProvider} gets to build a store with.
 *
 * @param closeOnStop registers a resource (a connection pool, a client) to close when the node stops
 */
public record StoreContext(SessionSettings settings, SessionCodec codec, MeterRegistry meters,
    Consumer<AutoCloseable> closeOnStop)
{
}
