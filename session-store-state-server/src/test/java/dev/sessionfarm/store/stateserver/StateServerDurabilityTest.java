package dev.sessionfarm.store.stateserver;

import java.time.Duration;

import dev.sessionfarm.session.codec.SessionCodec;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.store.Durability;
import dev.sessionfarm.stateclient.StateServerClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the state server store says it promises about acknowledged saves, which the 503 page repeats to people. */
class StateServerDurabilityTest
{
    private final SessionSettings config = SessionSettings.builder().build();
    private final SessionCodec codec = SessionCodec.builder().build();

    @Test
    void aStateServerWithoutDataDirKeepsSessionsInMemoryOnlyAndOneWithFsyncAlwaysIsDurable()
    {
        try (StateServerProcess memory = StateServerProcess.start(false);
             StateServerClient client = memory.client(Duration.ofSeconds(2)))
        {
            assertEquals(Durability.IN_MEMORY, store(client).durability());
        }
        try (StateServerProcess persistent = StateServerProcess.start(true);
             StateServerClient client = persistent.client(Duration.ofSeconds(2)))
        {
            StateServerSessionDataStore store = store(client);
            persistent.stop();
            assertEquals(Durability.UNKNOWN, store.durability(), "a store that cannot be asked promises nothing");
            persistent.start();
            assertEquals(Durability.DURABLE, store.durability(), "asked again once it answers");
        }
    }

    private StateServerSessionDataStore store(StateServerClient client)
    {
        return new StateServerSessionDataStore(config, codec, new SimpleMeterRegistry(), client);
    }
}
