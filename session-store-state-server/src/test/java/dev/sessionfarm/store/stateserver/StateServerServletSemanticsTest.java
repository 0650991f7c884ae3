package dev.sessionfarm.store.stateserver;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.testing.ServletSemanticsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class StateServerServletSemanticsTest extends ServletSemanticsContract
{
    private static StateServerProcess server;

    @BeforeAll
    static void startServer()
    {
        server = StateServerProcess.start(false);
    }

    @AfterAll
    static void stopServer()
    {
        server.close();
    }

    @Override
    protected SessionSettings.Builder settings()
    {
        return SessionSettings.builder()
            .set(SessionSetting.MODE, StateServerStoreProvider.MODE)
            .set(StateServerSettings.STATE_SERVER, server.address())
            .set(StateServerSettings.STATE_SERVER_KEY_FILE, server.keyFile().toString());
    }
}
