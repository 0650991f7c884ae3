package dev.sessionfarm.session.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static dev.sessionfarm.session.config.SessionSetting.*;

/**
 * The session settings of one node, immutable and validated. Read with {@link #load} from, highest first,
 * command-line flags, environment variables, a properties file ({@code --config FILE} or
 * {@code SESSION_CONFIG}), then the defaults in {@link SessionSetting}.
 *
 * @param jdbcUrls       one per partition (postgres mode)
 * @param stateServers   one per partition (state-server mode)
 * @param customSettings properties-file keys under {@code session.custom.}, prefix removed, for a custom
 *                       {@code SessionStoreProvider}
 */
public record SessionConfig(
    String mode,
    Duration timeout,
    String applicationName,
    String workerName,
    List<String> jdbcUrls,
    String jdbcUser,
    String jdbcPassword,
    int poolSize,
    boolean migrate,
    List<InetSocketAddress> stateServers,
    List<String> otherPartitions,
    Optional<Path> stateServerKeyFile,
    boolean stateServerAllowReadableKeyFile,
    Optional<Path> stateServerTrustStore,
    String stateServerTrustStorePassword,
    Duration connectTimeout,
    Duration networkTimeout,
    Duration statementTimeout,
    int compressThreshold,
    int maxBytes,
    List<String> allowedClasses,
    Duration scavengeInterval,
    long nodeCacheSize,
    Duration savePeriod,
    Map<String, String> customSettings)
{
    public static final String MEMORY = "memory";
    public static final String POSTGRES = "postgres";
    public static final String STATE_SERVER_MODE = "state-server";
    public static final String CUSTOM_PREFIX = "session.custom.";
    public static final String CONFIG_FILE_FLAG = "config";
    public static final String CONFIG_FILE_ENV = "SESSION_CONFIG";

    public SessionConfig
    {
        customSettings = Map.copyOf(customSettings);
        allowedClasses = List.copyOf(allowedClasses);
        jdbcUrls = List.copyOf(jdbcUrls);
        stateServers = List.copyOf(stateServers);
        otherPartitions = List.copyOf(otherPartitions);
        if (STATE_SERVER_MODE.equals(mode))
            otherPartitions.forEach(a -> SettingValues.hostAndPort(OTHER_PARTITIONS, a));
        if (POSTGRES.equals(mode) && jdbcUrls.isEmpty())
            throw new ConfigException(JDBC_URL.key() + " (" + JDBC_URL.environmentVariable() + ", --" + JDBC_URL.flag()
                + ") is required when session.mode=postgres; e.g. jdbc:postgresql://127.0.0.1:5432/sessions.");
        if (maxBytes <= 0)
            throw SettingValues.invalid(MAX_BYTES, String.valueOf(maxBytes), "a size greater than zero");
    }

    /** A state server's host:port as {@code session.stateServer} takes it. */
    public static InetSocketAddress stateServerAddress(String text)
    {
        return SettingValues.hostAndPort(STATE_SERVER, text);
    }

    public boolean isMemory()
    {
        return MEMORY.equals(mode);
    }

    public static SessionConfig defaults()
    {
        return builder().build();
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @param flags command-line flags by name without the leading dashes ({@code jdbc-url}); flags that are
     *              not session settings are ignored, so a launcher can pass all of its own
     * @param env   the environment, normally {@code System.getenv()}
     */
    public static SessionConfig load(Map<String, String> flags, Map<String, String> env)
    {
        Builder builder = builder();
        String file = flags.getOrDefault(CONFIG_FILE_FLAG, env.getOrDefault(CONFIG_FILE_ENV, ""));
        if (!file.isBlank())
            builder.properties(readProperties(Path.of(file)));
        for (SessionSetting setting : SessionSetting.values())
        {
            String fromEnv = env.get(setting.environmentVariable());
            if (fromEnv != null)
                builder.set(setting, fromEnv);
        }
        for (SessionSetting setting : SessionSetting.values())
        {
            String fromFlag = flags.get(setting.flag());
            if (fromFlag != null)
                builder.set(setting, fromFlag);
        }
        return builder.build();
    }

    private static Properties readProperties(Path file)
    {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
            return properties;
        }
        catch (IOException e)
        {
            throw new ConfigException("Cannot read the session properties file " + file.toAbsolutePath()
                + " (from --" + CONFIG_FILE_FLAG + " or " + CONFIG_FILE_ENV + "): " + e);
        }
    }

    /** Collects raw setting texts, then parses and validates them all in {@link #build()}. */
    public static final class Builder
    {
        private final Map<SessionSetting, String> values = new EnumMap<>(SessionSetting.class);
        private final Map<String, String> custom = new LinkedHashMap<>();

        private Builder()
        {
        }

        public Builder set(SessionSetting setting, String value)
        {
            values.put(setting, value == null ? "" : value.trim());
            return this;
        }

        /** Adds {@code session.*} keys; an unknown {@code session.} key is refused, as it is most likely a typo. */
        public Builder properties(Properties properties)
        {
            for (String key : properties.stringPropertyNames())
            {
                String value = properties.getProperty(key);
                if (key.startsWith(CUSTOM_PREFIX))
                    custom.put(key.substring(CUSTOM_PREFIX.length()), value);
                else if (key.startsWith("session."))
                    set(SessionSetting.byKey(key).orElseThrow(() -> new ConfigException(
                        "Unknown setting " + key + " in the session properties file; known settings: "
                            + knownKeys())),
                        value);
            }
            return this;
        }

        private static String knownKeys()
        {
            StringBuilder keys = new StringBuilder();
            for (SessionSetting s : SessionSetting.values())
                keys.append(keys.length() == 0 ? "" : ", ").append(s.key());
            return keys + ", " + CUSTOM_PREFIX + "*";
        }

        private String raw(SessionSetting setting)
        {
            return values.getOrDefault(setting, setting.defaultValue());
        }

        public SessionConfig build()
        {
            String mode = raw(MODE).toLowerCase(java.util.Locale.ROOT);
            if (mode.isEmpty())
                throw SettingValues.invalid(MODE, mode, "memory, state-server, postgres or a custom provider's mode");
            String applicationName = raw(APPLICATION_NAME);
            if (applicationName.length() > 200)
                throw SettingValues.invalid(APPLICATION_NAME, applicationName, "at most 200 characters");
            return new SessionConfig(
                mode,
                SettingValues.positiveDuration(TIMEOUT, raw(TIMEOUT)),
                applicationName,
                SettingValues.name(WORKER_NAME, raw(WORKER_NAME)),
                SettingValues.words(raw(JDBC_URL)),
                raw(JDBC_USER),
                raw(JDBC_PASSWORD),
                SettingValues.integer(POOL_SIZE, raw(POOL_SIZE), 1, 1000),
                SettingValues.bool(MIGRATE, raw(MIGRATE)),
                SettingValues.words(raw(STATE_SERVER)).stream().map(a -> SettingValues.hostAndPort(STATE_SERVER, a))
                    .toList(),
                SettingValues.words(raw(OTHER_PARTITIONS)),
                optionalPath(raw(STATE_SERVER_KEY_FILE)),
                SettingValues.bool(STATE_SERVER_ALLOW_READABLE_KEY_FILE, raw(STATE_SERVER_ALLOW_READABLE_KEY_FILE)),
                optionalPath(raw(STATE_SERVER_TRUST_STORE)),
                raw(STATE_SERVER_TRUST_STORE_PASSWORD),
                SettingValues.positiveDuration(CONNECT_TIMEOUT, raw(CONNECT_TIMEOUT)),
                SettingValues.positiveDuration(NETWORK_TIMEOUT, raw(NETWORK_TIMEOUT)),
                SettingValues.positiveDuration(STATEMENT_TIMEOUT, raw(STATEMENT_TIMEOUT)),
                SettingValues.size(COMPRESS_THRESHOLD, raw(COMPRESS_THRESHOLD)),
                SettingValues.size(MAX_BYTES, raw(MAX_BYTES)),
                SettingValues.list(raw(ALLOWED_CLASSES)),
                SettingValues.positiveDuration(SCAVENGE_INTERVAL, raw(SCAVENGE_INTERVAL)),
                SettingValues.size(NODE_CACHE_SIZE, raw(NODE_CACHE_SIZE)),
                SettingValues.positiveDuration(SAVE_PERIOD, raw(SAVE_PERIOD)),
                custom);
        }

        private static Optional<Path> optionalPath(String value)
        {
            return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
        }
    }
}
