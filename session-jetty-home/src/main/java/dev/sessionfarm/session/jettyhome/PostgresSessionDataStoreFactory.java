package dev.sessionfarm.session.jettyhome;

import dev.sessionfarm.session.SessionStoreProvider;
import dev.sessionfarm.store.postgres.PostgresStoreProvider;

/** {@code session-store-farm-postgres}: sessions in the PostgreSQL database(s) named by {@code session.jdbcUrl}. */
public class PostgresSessionDataStoreFactory extends FarmSessionDataStoreFactory
{
    @Override
    protected SessionStoreProvider provider()
    {
        return new PostgresStoreProvider();
    }
}
