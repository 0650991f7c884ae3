package dev.sessionfarm.testing.custom;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sessionfarm.session.StoreContext;
import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.PartitionedSessionDataStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * A partitioned store reports its node cache once, under the store's name; its backends' own (unused) caches must
 * neither shadow it nor share one registry, where Micrometer warned "already registered" at every node's start.
 */
class PartitionedMetersTest
{
    @Test
    void eachBackendGetsARegistryOfItsOwnAndTheNodeSeesOneCacheGauge()
    {
        SimpleMeterRegistry node = new SimpleMeterRegistry();
        StoreContext context = new StoreContext(SessionSettings.builder().build(), SessionCodec.builder().build(), node,
            resource ->
            {
            });
        List<MeterRegistry> given = new ArrayList<>();
        PartitionedSessionDataStore.over("test-map", context, List.of("a", "b", "c"), List.of(), (address, meters) ->
        {
            given.add(meters);
            return new MapStoreProvider.MapStore(new StoreContext(context.settings(), context.codec(), meters,
                context.closeOnStop()), Duration.ZERO);
        });

        assertEquals(3, given.size());
        for (int i = 0; i < given.size(); i++)
        {
            assertFalse(given.get(i) == node, "backend " + i + " reports into the node's registry");
            for (int j = i + 1; j < given.size(); j++)
                assertNotSame(given.get(i), given.get(j), "backends " + i + " and " + j + " share a registry");
        }
        assertEquals(1, node.find("session.store.cache.size").gauges().size());
    }
}
