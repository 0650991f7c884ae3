package dev.sessionfarm.e2e.farm;

/** The session modes a farm runs in. */
public enum Mode
{
    /** Sessions in each node's heap: the negative control, where a restart must visibly lose them. */
    MEMORY("memory"),
    STATE_SERVER("state-server"),
    POSTGRES("postgres");

    private final String flag;

    Mode(String flag)
    {
        this.flag = flag;
    }

    /** The value of the nodes' {@code --mode}. */
    public String flag()
    {
        return flag;
    }

    /** Whether sessions live outside the nodes, so that nothing may be lost when nodes restart or crash. */
    public boolean keepsSessions()
    {
        return this != MEMORY;
    }

    @Override
    public String toString()
    {
        return flag;
    }
}
