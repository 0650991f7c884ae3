package dev.sessionfarm.store.postgres;

import java.time.Duration;
import java.util.List;

import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.config.SettingValues;

/**
 * The postgres store's own settings, parsed and checked; session-core's (pool size, timeouts, ...) are in
 * {@link SessionSettings}.
 *
 * @param jdbcUrls one per partition
 */
public record PostgresSettings(List<String> jdbcUrls, String jdbcUser, String jdbcPassword, boolean migrate,
    Duration statementTimeout)
{
    public static final SessionSetting JDBC_URL = new SessionSetting("session.jdbcUrl", "",
        "JDBC URL of the PostgreSQL database (postgres mode), e.g. jdbc:postgresql://127.0.0.1:5432/sessions. "
            + "Several URLs separated by spaces: one partition each, every session in one of them.");
    public static final SessionSetting JDBC_USER = new SessionSetting("session.jdbcUser", "",
        "Database user (postgres mode). Empty: the one in the URL, or the driver's default.");
    public static final SessionSetting JDBC_PASSWORD = new SessionSetting("session.jdbcPassword", "",
        "Database password (postgres mode).");
    public static final SessionSetting MIGRATE = new SessionSetting("session.migrate", "true",
        "Apply the session schema's Flyway migrations when a node starts (postgres mode). "
            + "Set false when schema changes are rolled out with the migrate command.");
    public static final SessionSetting STATEMENT_TIMEOUT = new SessionSetting("session.statementTimeout", "5s",
        "Longest a single SQL statement may run in postgres mode before it is cancelled.");

    /** In the order the documentation lists them. */
    static final List<SessionSetting> ALL = List.of(JDBC_URL, JDBC_USER, JDBC_PASSWORD, MIGRATE, STATEMENT_TIMEOUT);

    public PostgresSettings
    {
        jdbcUrls = List.copyOf(jdbcUrls);
    }

    /** This store's settings from {@code settings}; the JDBC URL is required. */
    public static PostgresSettings of(SessionSettings settings)
    {
        List<String> urls = SettingValues.words(settings.text(JDBC_URL));
        if (urls.isEmpty())
            throw new ConfigException(JDBC_URL.names() + " is required when session.mode=postgres; "
                + "e.g. jdbc:postgresql://127.0.0.1:5432/sessions.");
        return new PostgresSettings(urls, settings.text(JDBC_USER), settings.text(JDBC_PASSWORD),
            SettingValues.bool(MIGRATE, settings.text(MIGRATE)),
            SettingValues.positiveDuration(STATEMENT_TIMEOUT, settings.text(STATEMENT_TIMEOUT)));
    }

    /** Credentials stay out of logs and error pages. */
    @Override
    public String toString()
    {
        return "PostgresSettings[jdbcUrls=" + jdbcUrls.stream().map(PostgresStoreProvider::withoutQuery).toList()
            + ", jdbcUser=" + jdbcUser + ", migrate=" + migrate + ", statementTimeout=" + statementTimeout + "]";
    }
}
