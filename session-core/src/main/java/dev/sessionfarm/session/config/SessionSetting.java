package dev.sessionfarm.session.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every session setting, once: its properties key, default and meaning. The environment variable and
 * command-line flag are derived from the key ({@code session.jdbcUrl} → {@code SESSION_JDBC_URL},
 * {@code --jdbc-url}), so the three sources can never disagree. Names follow ASP.NET's
 * {@code <sessionState>} element where they mean the same thing.
 */
public enum SessionSetting
{
    MODE("session.mode", "memory",
        "Where sessions live: memory (this node's heap, lost on restart), state-server, postgres, "
            + "or the mode name of a custom SessionStoreProvider on the class path."),
    TIMEOUT("session.timeout", "20m",
        "Idle time after which a session expires, a duration with its unit such as 90s, 20m, 2h "
            + "(ASP.NET's timeout is in minutes: write 20m for its 20)."),
    APPLICATION_NAME("session.applicationName", "",
        "Scope that sessions are stored under. Empty: the context path and virtual host. "
            + "Set the same name on nodes deployed at different paths to share their sessions."),
    WORKER_NAME("session.workerName", "node0",
        "This node's name: the suffix of session ids (used by a sticky balancer in memory mode) "
            + "and the 'last node' recorded with each session. Letters, digits, '-' and '_' only."),
    JDBC_URL("session.jdbcUrl", "",
        "JDBC URL of the PostgreSQL database (postgres mode), e.g. jdbc:postgresql://127.0.0.1:5432/sessions. "
            + "Several URLs separated by spaces: one partition each, every session in one of them."),
    JDBC_USER("session.jdbcUser", "",
        "Database user (postgres mode). Empty: the one in the URL, or the driver's default."),
    JDBC_PASSWORD("session.jdbcPassword", "",
        "Database password (postgres mode)."),
    POOL_SIZE("session.poolSize", "10",
        "Connections to the store kept per node: the HikariCP pool size (postgres) "
            + "or the client's connection pool (state-server)."),
    MIGRATE("session.migrate", "true",
        "Apply the session schema's Flyway migrations when a node starts (postgres mode). "
            + "Set false when schema changes are rolled out with the migrate command."),
    STATE_SERVER("session.stateServer", "127.0.0.1:42424",
        "Address of the state server, host:port (state-server mode). Several separated by spaces: one partition "
            + "each, every session in one of them."),
    OTHER_PARTITIONS("session.otherPartitions", "",
        "While partitions are added or removed: a second list in the form of session.stateServer or "
            + "session.jdbcUrl. A session not found where the first list places it is looked for where this one "
            + "places it, and stays there. Empty: none."),
    STATE_SERVER_KEY_FILE("session.stateServerKeyFile", "",
        "File with the state server's shared key (state-server mode). Required when the server asks "
            + "for authentication."),
    STATE_SERVER_ALLOW_READABLE_KEY_FILE("session.stateServerAllowReadableKeyFile", "false",
        "Accept a state-server key file that group or others can read. Off: such a file is refused, naming "
            + "the file and the fix (chmod 600)."),
    STATE_SERVER_TRUST_STORE("session.stateServerTrustStore", "",
        "PKCS12 trust store holding the state server's TLS certificate. Empty: plain TCP."),
    STATE_SERVER_TRUST_STORE_PASSWORD("session.stateServerTrustStorePassword", "",
        "Password of the trust store."),
    CONNECT_TIMEOUT("session.connectTimeout", "3s",
        "Longest wait for a connection to the store before the request gets the 503 page."),
    NETWORK_TIMEOUT("session.networkTimeout", "10s",
        "Longest wait for any one answer from the store (ASP.NET's stateNetworkTimeout)."),
    STATEMENT_TIMEOUT("session.statementTimeout", "5s",
        "Longest a single SQL statement may run in postgres mode before it is cancelled."),
    COMPRESS_THRESHOLD("session.compressThreshold", "8KiB",
        "Attribute values larger than this, once serialized, are stored deflate-compressed. "
            + "0 turns compression off."),
    MAX_BYTES("session.maxBytes", "1MiB",
        "Largest serialized size of one session. Setting an attribute that would pass it fails "
            + "with an error naming the attribute."),
    ALLOWED_CLASSES("session.allowedClasses", "",
        "Comma-separated classes that may be stored in sessions besides the JDK's value types and "
            + "collections: exact names, pkg.* (that package) or pkg.** (and its subpackages)."),
    SCAVENGE_INTERVAL("session.scavengeInterval", "60s",
        "How often each node looks for expired sessions to claim, end and delete."),
    NODE_CACHE_SIZE("session.nodeCacheSize", "64MiB",
        "Serialized size of the sessions each node keeps decoded, validated against the store on every "
            + "request (least recently used out first). 0 turns the node cache off."),
    SAVE_PERIOD("session.savePeriod", "1s",
        "A request that changes no attribute writes the access time only if this long has passed since the "
            + "last write (at most a quarter of the session's timeout). A session may so expire up to this "
            + "much early; never late.");

    private final String key;
    private final String defaultValue;
    private final String description;

    SessionSetting(String key, String defaultValue, String description)
    {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key()
    {
        return key;
    }

    public String defaultValue()
    {
        return defaultValue;
    }

    public String description()
    {
        return description;
    }

    /** {@code session.jdbcUrl} → {@code SESSION_JDBC_URL}. */
    public String environmentVariable()
    {
        return "SESSION_" + words('_').toUpperCase(Locale.ROOT);
    }

    /** {@code session.jdbcUrl} → {@code jdbc-url} (given on the command line as {@code --jdbc-url}). */
    public String flag()
    {
        return words('-').toLowerCase(Locale.ROOT);
    }

    private String words(char separator)
    {
        String name = key.substring("session.".length());
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray())
        {
            if (Character.isUpperCase(c))
                out.append(separator);
            out.append(c);
        }
        return out.toString();
    }

    public static Optional<SessionSetting> byKey(String key)
    {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    public static Optional<SessionSetting> byFlag(String flag)
    {
        return Arrays.stream(values()).filter(s -> s.flag().equals(flag)).findFirst();
    }
}
