package dev.sessionfarm.store.stateserver;

import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.config.SessionSetting;
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
    protected SessionConfig.Builder settings()
    {
        return SessionConfig.builder()
            .set(SessionSetting.MODE, SessionConfig.STATE_SERVER_MODE)
            .set(SessionSetting.STATE_SERVER, server.address())
            .set(SessionSetting.STATE_SERVER_KEY_FILE, server.keyFile().toString());
    }
}
