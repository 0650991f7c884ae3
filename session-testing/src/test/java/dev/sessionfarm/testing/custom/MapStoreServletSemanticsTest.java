package dev.sessionfarm.testing.custom;

import dev.sessionfarm.session.config.SessionConfig;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.testing.ServletSemanticsContract;

/** Servlet session semantics over the custom map store. */
class MapStoreServletSemanticsTest extends ServletSemanticsContract
{
    @Override
    protected SessionConfig.Builder settings()
    {
        return SessionConfig.builder().set(SessionSetting.MODE, "test-map");
    }
}
