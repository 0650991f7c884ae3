package dev.sessionfarm.e2e;

import dev.sessionfarm.e2e.farm.Farm;
import dev.sessionfarm.e2e.farm.Leftovers;
import dev.sessionfarm.e2e.farm.Mode;
import dev.sessionfarm.e2e.farm.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The scenarios every mode runs, on one farm per mode (starting farms is what costs time). Each subclass is one
 * mode; memory mode is the negative control, where the same scenarios must show the losses the others must not have.
 * The store modes run them on a partitioned farm (issue 14: sessions spread over two stores), which also runs the
 * partition scenarios: one partition down, and one added by rolling restarts. A farm with a single store is what
 * the browser, deployment-guide, first-start and failover tests run. The expiry scenario shortens the session
 * timeout for good, so it runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FarmScenarios
{
    private Farm farm;

    abstract Mode mode();

    /** How many stores the sessions are spread over. */
    int partitions()
    {
        return 1;
    }

    Farm farm()
    {
        return farm;
    }

    @BeforeAll
    void startFarm()
    {
        farm = partitions() > 1 ? Farm.partitioned(mode(), 3, partitions()) : Farm.start(mode(), 3);
    }

    /** A scenario that failed half-way may have left a process down; the next one starts with the whole farm. */
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
    @Order(20)
    void restartMidFormThroughNginx() throws Exception
    {
        assumeTrue(Nginx.binary() != null, "nginx is not installed");
        // What nginx's configuration decides does not depend on where sessions are kept: one mode shows it.
        assumeTrue(mode() == Mode.STATE_SERVER, "the state-server farm runs it through nginx");
        try (Nginx nginx = Nginx.start(farm.nodes()))
        {
            RestartMidForm.run(farm, nginx.uri(), "nginx (deploy/nginx/session-farm.conf)", false);
        }
    }

    @Test
    @Order(30)
    void crashesUnderLoad() throws Exception
    {
        CrashesUnderLoad.run(farm);
    }

    @Test
    @Order(40)
    void rollingRestartUnderLoad() throws Exception
    {
        // Memory mode's losses are shown by the crashes and the restart mid-form; a rolling restart adds nothing.
        assumeTrue(mode().keepsSessions(), "memory mode: the crashes show the losses");
        RollingRestart.run(farm);
    }

    @Test
    @Order(60)
    void concurrentRequestsOfOneSession()
    {
        ConcurrentRequests.run(farm);
    }

    @Test
    @Order(70)
    void submittingGivesTheSessionANewIdThatEveryNodeKnows() throws Exception
    {
        FixationAndExpiry.fixation(farm);
    }

    /** Before the store-outage scenarios, one of which leaves the state servers without their data directories. */
    @Test
    @Order(45)
    void onePartitionKilledCostsOnlyItsOwnSessionsAMoment() throws Exception
    {
        assumeTrue(partitions() > 1, "a farm with one store");
        PartitionOutage.onePartitionDown(farm, 2);
    }

    /** Before the expiry scenario, whose short timeout would end sessions during the restarts. */
    @Test
    @Order(75)
    void aPartitionAddedByRollingRestartsCostsNobodyAForm() throws Exception
    {
        assumeTrue(partitions() > 1, "a farm with one store");
        // Which partition a session moves to, and reading it once from the old one, is the same code whatever the
        // store (PartitionedSessionDataStore); the state-server farm shows it end to end.
        assumeTrue(mode() == Mode.STATE_SERVER, "the state-server farm adds a partition");
        PartitionOutage.partitionAdded(farm);
    }

    @Test
    @Order(80)
    void anExpiredSessionEndsExactlyOnceInTheFarm()
    {
        FixationAndExpiry.expiry(farm);
    }
}
