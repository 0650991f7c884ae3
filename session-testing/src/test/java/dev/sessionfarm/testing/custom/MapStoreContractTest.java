package dev.sessionfarm.testing.custom;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.testing.ContractBackend;
import dev.sessionfarm.testing.SessionStoreContract;

/** The shared contract, against a custom store plugged in through the provider interface. */
class MapStoreContractTest extends SessionStoreContract
{
    @Override
    protected ContractBackend backend()
    {
        return new ContractBackend()
        {
            @Override
            public SessionSettings.Builder settings()
            {
                return SessionSettings.builder().set(SessionSetting.MODE, "test-map");
            }

            @Override
            public byte[] storedAttribute(String scope, String id, String name)
            {
                MapStoreProvider.Entry entry = MapStoreProvider.SESSIONS.get(scope + "|" + id);
                return entry == null ? null : entry.values().get(name);
            }

            @Override
            public void overwriteAttribute(String scope, String id, String name, byte[] bytes)
            {
                MapStoreProvider.SESSIONS.get(scope + "|" + id).values().put(name, bytes);
            }

            @Override
            public void stop()
            {
                MapStoreProvider.down = true;
            }

            @Override
            public void start()
            {
                MapStoreProvider.down = false;
            }
        };
    }
}
