package dev.sessionfarm.e2e;

import dev.sessionfarm.e2e.farm.Mode;

/** Three state servers, each with --data-dir and --fsync always. */
class PartitionedStateServerFarmIT extends PartitionedFarmScenarios
{
    @Override
    Mode mode()
    {
        return Mode.STATE_SERVER;
    }

    @Override
    int partitions()
    {
        return 3;
    }
}
