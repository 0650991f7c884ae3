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

    @Test
    @Order(50)
    void postgresRestartUnderLoad() throws Exception
    {
        StoreOutage.run(farm(), "PostgreSQL restarted under load", farm().database()::stop, farm().database()::start);
    }
}
