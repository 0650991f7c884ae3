package dev.sessionfarm.e2e;

import dev.sessionfarm.e2e.farm.Mode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

class PostgresFarmIT extends FarmScenarios
{
    @Override
    Mode mode()
    {
        return Mode.POSTGRES;
    }

    @Override
    int partitions()
    {
        return 2;
    }

    @Test
    @Order(50)
    void postgresRestartUnderLoad() throws Exception
    {
        StoreOutage.run(farm(), "PostgreSQL restarted under load", farm().database()::stop, farm().database()::start);
    }

    /**
     * Issue 15: the farm's database runs durable (fsync and synchronous_commit on, as the demo farm does), so a kill
     * -9 under load loses no step that a person was told was saved; with both off it lost the last one or two.
     */
    @Test
    @Order(55)
    void postgresKilledUnderLoad() throws Exception
    {
        StoreOutage.run(farm(), "PostgreSQL (fsync, synchronous_commit on) killed -9 under load",
            farm().database()::kill, farm().database()::start);
    }

    /** Issue 17: a kill between the final insert and the answer costs the person nothing. */
    @Test
    @Order(65)
    void killsBetweenTheFinalInsertAndTheAnswer() throws Exception
    {
        FinalSubmitKills.run(farm());
    }
}
