package dev.sessionfarm.session.jettyhome;

import dev.sessionfarm.session.SessionStoreProvider;
import dev.sessionfarm.store.stateserver.StateServerStoreProvider;

/** {@code session-store-farm-state-server}: sessions on the state server(s) named by {@code session.stateServer}. */
public class StateServerSessionDataStoreFactory extends FarmSessionDataStoreFactory
{
    // Named, not looked up through ServiceLoader: that would load the postgres provider too, whose jars this
    // module does not ship.
    @Override
    protected SessionStoreProvider provider()
    {
        return new StateServerStoreProvider();
    }
}
