package dev.sessionfarm.webapp.farm;

import java.util.List;
import java.util.Set;

import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.store.postgres.PostgresStoreProvider;
import dev.sessionfarm.store.stateserver.StateServerStoreProvider;

/**
 * The farm launcher's options, checked by {@link FarmCommand}.
 *
 * @param partitions how many stores the sessions are spread over: state servers, or embedded PostgreSQL servers
 * @param nodeArgs   session settings given to the launcher that it passes on to every node (e.g. {@code --timeout})
 */
record FarmSettings(String bind, int port, int nodes, String mode, int partitions, String jdbcUrl,
    List<String> nodeArgs)
{
    static final Set<String> MODES =
        Set.of(SessionSettings.MEMORY, StateServerStoreProvider.MODE, PostgresStoreProvider.MODE);
}
