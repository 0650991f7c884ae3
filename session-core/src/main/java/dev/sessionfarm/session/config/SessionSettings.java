package dev.sessionfarm.session.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static dev.sessionfarm.session.config.SessionSetting.*;

/**
 * The session settings of one node, immutable. Read with {@link #load} from, highest first, command-line flags,
 * environment variables, a properties file ({@code --config FILE} or {@code SESSION_CONFIG}), then the defaults.
 * session-core's own settings are parsed and checked here; a store's ({@code session.jdbcUrl},
 * {@code session.stateServer}, ...) are kept as text for its provider to parse: {@link #text}.
 *
 * @param otherPartitions one per partition, in the form of the store's own list of partitions
 * @param given           the text of each setting that was given, by key, defaults left out
 */
public record SessionSettings(
    String mode,
    Duration timeout,
    String applicationName,
    String workerName,
    int poolSize,
    List<String> otherPartitions,
    Duration connectTimeout,
    Duration networkTimeout,
    int compressThreshold,
    int maxBytes,
    List<String> allowedClasses,
    Duration scavengeInterval,
    long nodeCacheSize,
    Duration savePeriod,
    Map<String, String> given)
{
    public static final String MEMORY = "memory";
    public static final String CONFIG_FILE_FLAG = "config";
    public static final String CONFIG_FILE_ENV = "SESSION_CONFIG";

    public SessionSettings
    {
        given = Map.copyOf(given);
        allowedClasses = List.copyOf(allowedClasses);
        otherPartitions = List.copyOf(otherPartitions);
        if (maxBytes <= 0)
            throw SettingValues.invalid(MAX_BYTES, String.valueOf(maxBytes), "a size greater than zero");
    }

    /** The text of any setting: as given, or its default. A store parses its own settings from this. */
    public String text(SessionSetting setting)
    {
        return given.getOrDefault(setting.key(), setting.defaultValue());
    }

    /** The settings as given, with every password's value hidden: settings end up in logs and error pages. */
    @Override
    public String toString()
    {
        Map<String, String> shown = new java.util.TreeMap<>();
        given.forEach((key, value) -> shown.put(key, key.toLowerCase(java.util.Locale.ROOT).contains("password")
            ? "********" : value));
        return "SessionSettings[mode=" + mode + ", workerName=" + workerName + ", given=" + shown + "]";
    }

    public boolean isMemory()
    {
        return MEMORY.equals(mode);
    }

    public static SessionSettings defaults()
    {
        return builder().build();
    }

    /** A builder that knows the settings of every store provider on the class path. */
    public static Builder builder()
    {
        return new Builder(null);
    }

    /** A builder that knows only these settings (by key, in a properties file and {@link Builder#set(String, String)}). */
    public static Builder builder(KnownSettings known)
    {
        return new Builder(known);
    }

    /** {@link #load(Map, Map, KnownSettings)} with the settings of every store provider on the class path. */
    public static SessionSettings load(Map<String, String> flags, Map<String, String> env)
    {
        return load(flags, env, KnownSettings.onClassPath());
    }

    /**
     * Reads and checks the settings; the store of the chosen mode checks its own as well.
     *
     * @param flags command-line flags by name without the leading dashes ({@code jdbc-url}); flags that are
     *              not session settings are ignored, so a launcher can pass all of its own
     * @param env   the environment, normally {@code System.getenv()}
     */
    public static SessionSettings load(Map<String, String> flags, Map<String, String> env, KnownSettings known)
    {
        Builder builder = builder(known);
        String file = flags.getOrDefault(CONFIG_FILE_FLAG, env.getOrDefault(CONFIG_FILE_ENV, ""));
        if (!file.isBlank())
            builder.properties(readProperties(Path.of(file)));
        for (SessionSetting setting : known.all())
        {
            String fromEnv = env.get(setting.environmentVariable());
            if (fromEnv != null)
                builder.set(setting, fromEnv);
        }
        for (SessionSetting setting : known.all())
        {
            String fromFlag = flags.get(setting.flag());
            if (fromFlag != null)
                builder.set(setting, fromFlag);
        }
        SessionSettings settings = builder.build();
        known.check(settings);
        return settings;
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

    /** Collects setting texts, then parses and checks session-core's in {@link #build()}. */
    public static final class Builder
    {
        private final Map<String, String> values = new LinkedHashMap<>();
        private KnownSettings known;

        private Builder(KnownSettings known)
        {
            this.known = known;
        }

        public Builder set(SessionSetting setting, String value)
        {
            values.put(setting.key(), value == null ? "" : value.trim());
            return this;
        }

        /** A setting by its key; an unknown key is refused, as it is most likely a typo. */
        public Builder set(String key, String value)
        {
            return set(known().byKey(key).orElseThrow(() -> new ConfigException(
                "Unknown setting " + key + "; known settings: " + knownKeys())), value);
        }

        /** Adds the {@code session.*} keys; an unknown one is refused, as it is most likely a typo. */
        public Builder properties(Properties properties)
        {
            for (String key : properties.stringPropertyNames())
            {
                if (key.startsWith("session."))
                    set(known().byKey(key).orElseThrow(() -> new ConfigException(
                        "Unknown setting " + key + " in the session properties file; known settings: "
                            + knownKeys())),
                        properties.getProperty(key));
            }
            return this;
        }

        private KnownSettings known()
        {
            if (known == null)
                known = KnownSettings.onClassPath();
            return known;
        }

        private String knownKeys()
        {
            return known().all().stream().map(SessionSetting::key).collect(Collectors.joining(", "));
        }

        private String raw(SessionSetting setting)
        {
            return values.getOrDefault(setting.key(), setting.defaultValue());
        }

        public SessionSettings build()
        {
            String mode = raw(MODE).toLowerCase(Locale.ROOT);
            if (mode.isEmpty())
                throw SettingValues.invalid(MODE, mode, "memory, state-server, postgres or a custom provider's mode");
            String applicationName = raw(APPLICATION_NAME);
            if (applicationName.length() > 200)
                throw SettingValues.invalid(APPLICATION_NAME, applicationName, "at most 200 characters");
            return new SessionSettings(
                mode,
                SettingValues.positiveDuration(TIMEOUT, raw(TIMEOUT)),
                applicationName,
                SettingValues.name(WORKER_NAME, raw(WORKER_NAME)),
                SettingValues.integer(POOL_SIZE, raw(POOL_SIZE), 1, 1000),
                SettingValues.words(raw(OTHER_PARTITIONS)),
                SettingValues.positiveDuration(CONNECT_TIMEOUT, raw(CONNECT_TIMEOUT)),
                SettingValues.positiveDuration(NETWORK_TIMEOUT, raw(NETWORK_TIMEOUT)),
                SettingValues.size(COMPRESS_THRESHOLD, raw(COMPRESS_THRESHOLD)),
                SettingValues.size(MAX_BYTES, raw(MAX_BYTES)),
                SettingValues.list(raw(ALLOWED_CLASSES)),
                SettingValues.positiveDuration(SCAVENGE_INTERVAL, raw(SCAVENGE_INTERVAL)),
                SettingValues.size(NODE_CACHE_SIZE, raw(NODE_CACHE_SIZE)),
                SettingValues.positiveDuration(SAVE_PERIOD, raw(SAVE_PERIOD)),
                values);
        }
    }
}
