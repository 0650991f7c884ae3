package dev.sessionfarm.e2e;

import dev.sessionfarm.e2e.farm.Mode;

/** Two PostgreSQL servers of their own: the farm's (which also holds the shop's tables) and one more. */
class PartitionedPostgresFarmIT extends PartitionedFarmScenarios
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
}
