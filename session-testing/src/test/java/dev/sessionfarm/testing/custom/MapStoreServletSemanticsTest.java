package dev.sessionfarm.testing.custom;

import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.testing.ServletSemanticsContract;

/** Servlet session semantics over the custom map store. */
class MapStoreServletSemanticsTest extends ServletSemanticsContract
{
    @Override
    protected SessionSettings.Builder settings()
    {
        return SessionSettings.builder().set(SessionSetting.MODE, "test-map");
    }
}
