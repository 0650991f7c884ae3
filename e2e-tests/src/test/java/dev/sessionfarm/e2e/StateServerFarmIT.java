package dev.sessionfarm.e2e;

import dev.sessionfarm.e2e.farm.Mode;
import dev.sessionfarm.e2e.farm.StateServer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

class StateServerFarmIT extends FarmScenarios
{
    @Override
    Mode mode()
    {
        return Mode.STATE_SERVER;
    }

    @Override
    int partitions()
    {
        return 2;
    }

    @Test
    @Order(50)
    void persistentStateServerKilledUnderLoad() throws Exception
    {
        StoreOutage.run(farm(), "every state server (--data-dir, --fsync always) killed -9 under load",
            () -> farm().stateServers().forEach(StateServer::kill),
            () -> farm().stateServers().forEach(StateServer::start));
    }

    /** Leaves the state server without persistence: later scenarios do not restart it. */
    @Test
    @Order(51)
    void stateServerWithoutDataDirectoryRestartedUnderLoad() throws Exception
    {
        StoreOutage.runWithoutPersistence(farm());
    }

    /** Issue 17: a kill between the final insert and the answer costs the person nothing. */
    @Test
    @Order(65)
    void killsBetweenTheFinalInsertAndTheAnswer() throws Exception
    {
        FinalSubmitKills.run(farm());
    }
}
