package dev.sessionfarm.e2e;

import dev.sessionfarm.e2e.farm.Mode;

/** The negative control: sessions in the nodes' heaps, so every scenario must show what is lost. */
class MemoryFarmIT extends FarmScenarios
{
    @Override
    Mode mode()
    {
        return Mode.MEMORY;
    }
}
