package dev.sessionfarm.session.jettyhome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.sessionfarm.session.SessionStoreProvider;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.store.postgres.PostgresSettings;
import dev.sessionfarm.store.postgres.PostgresStoreProvider;

/** {@code session-store-farm-postgres}: sessions in the PostgreSQL database(s) named by {@code session.jdbcUrl}. */
public class PostgresSessionDataStoreFactory extends FarmSessionDataStoreFactory
{
    /** A jetty-home only setting: the password is read from this file, so it need not sit in an ini file. */
    public static final String JDBC_PASSWORD_FILE = "session.jdbcPasswordFile";

    @Override
    protected SessionStoreProvider provider()
    {
        return new PostgresStoreProvider();
    }

    @Override
    public void setSetting(String key, String value)
    {
        if (JDBC_PASSWORD_FILE.equals(key) && value != null && !value.isBlank())
            super.setSetting(PostgresSettings.JDBC_PASSWORD.key(), readPassword(Path.of(value.trim())));
        else if (!JDBC_PASSWORD_FILE.equals(key))
            super.setSetting(key, value);
    }

    private static String readPassword(Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        catch (IOException e)
        {
            throw new ConfigException(JDBC_PASSWORD_FILE + ": cannot read " + file.toAbsolutePath() + " (" + e + ")");
        }
    }
}
