package dev.sessionfarm.e2e;

import dev.sessionfarm.e2e.farm.Farm;
import dev.sessionfarm.e2e.farm.Leftovers;
import dev.sessionfarm.e2e.farm.Mode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scenarios of {@link FarmScenarios} that involve the stores, on a farm whose sessions are spread over several
 * of them (issue 14): restart mid-form, crashes under load, one partition down, and a partition added while people
 * shop (last: it leaves the farm with one partition more).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PartitionedFarmScenarios
{
    private Farm farm;

    abstract Mode mode();

    abstract int partitions();

    @BeforeAll
    void startFarm()
    {
        farm = Farm.partitioned(mode(), 3, partitions());
    }

    @BeforeEach
    void wholeFarm()
    {
        farm.heal();
    }

    @AfterAll
    void stopFarm()
    {
        if (farm != null)
            farm.close();
        assertTrue(Leftovers.alive().isEmpty(), () -> "processes left behind: " + Leftovers.alive());
    }

    @Test
    @Order(10)
    void restartMidFormThroughTheBalancer() throws Exception
    {
        RestartMidForm.run(farm, farm.uri(), "the balancer", true);
    }

    @Test
    @Order(30)
    void crashesUnderLoad() throws Exception
    {
        CrashesUnderLoad.run(farm);
    }

    @Test
    @Order(50)
    void onePartitionKilledCostsOnlyItsOwnSessionsAMoment() throws Exception
    {
        PartitionOutage.onePartitionDown(farm, 2);
    }

    @Test
    @Order(90)
    void aPartitionAddedByRollingRestartsCostsNobodyAForm() throws Exception
    {
        PartitionOutage.partitionAdded(farm);
    }
}
