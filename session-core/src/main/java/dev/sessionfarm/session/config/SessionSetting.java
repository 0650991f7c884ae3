package dev.sessionfarm.session.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One session setting: its properties key, default and meaning. The environment variable and command-line flag are
 * derived from the key ({@code session.jdbcUrl} → {@code SESSION_JDBC_URL}, {@code --jdbc-url}), so the three sources
 * can never disagree. The constants here are session-core's own settings, those of every store; a store declares its
 * own through {@link dev.sessionfarm.session.SessionStoreProvider#settings()}. Names follow ASP.NET's
 * {@code <sessionState>} element where they mean the same thing.
 */
public record SessionSetting(String key, String defaultValue, String description)
{
    private static final String PREFIX = "session.";
    private static final Pattern KEY = Pattern.compile("session\\.[a-z][A-Za-z0-9]*");

    public static final SessionSetting MODE = new SessionSetting("session.mode", "memory",
        "Where sessions live: memory (this node's heap, lost on restart), state-server, postgres, "
            + "or the mode name of a custom SessionStoreProvider on the class path.");
    public static final SessionSetting TIMEOUT = new SessionSetting("session.timeout", "20m",
        "Idle time after which a session expires, a duration with its unit such as 90s, 20m, 2h "
            + "(ASP.NET's timeout is in minutes: write 20m for its 20).");
    public static final SessionSetting APPLICATION_NAME = new SessionSetting("session.applicationName", "",
        "Scope that sessions are stored under. Empty: the context path and virtual host. "
            + "Set the same name on nodes deployed at different paths to share their sessions.");
    public static final SessionSetting WORKER_NAME = new SessionSetting("session.workerName", "node0",
        "This node's name: the suffix of session ids (used by a sticky balancer in memory mode) "
            + "and the 'last node' recorded with each session. Letters, digits, '-' and '_' only.");
    public static final SessionSetting POOL_SIZE = new SessionSetting("session.poolSize", "10",
        "Connections to the store kept per node: the HikariCP pool size (postgres) "
            + "or the client's connection pool (state-server).");
    public static final SessionSetting OTHER_PARTITIONS = new SessionSetting("session.otherPartitions", "",
        "While partitions are added or removed: a second list in the form of session.stateServer or "
            + "session.jdbcUrl. A session not found where the first list places it is looked for where this one "
            + "places it, and stays there. Empty: none.");
    public static final SessionSetting CONNECT_TIMEOUT = new SessionSetting("session.connectTimeout", "3s",
        "Longest wait for a connection to the store before the request gets the 503 page.");
    public static final SessionSetting NETWORK_TIMEOUT = new SessionSetting("session.networkTimeout", "10s",
        "Longest wait for any one answer from the store (ASP.NET's stateNetworkTimeout).");
    public static final SessionSetting COMPRESS_THRESHOLD = new SessionSetting("session.compressThreshold", "8KiB",
        "Attribute values larger than this, once serialized, are stored deflate-compressed. "
            + "0 turns compression off.");
    public static final SessionSetting MAX_BYTES = new SessionSetting("session.maxBytes", "1MiB",
        "Largest serialized size of one session. Setting an attribute that would pass it fails "
            + "with an error naming the attribute.");
    public static final SessionSetting ALLOWED_CLASSES = new SessionSetting("session.allowedClasses", "",
        "Comma-separated classes that may be stored in sessions besides the JDK's value types and "
            + "collections: exact names, pkg.* (that package) or pkg.** (and its subpackages).");
    public static final SessionSetting SCAVENGE_INTERVAL = new SessionSetting("session.scavengeInterval", "60s",
        "How often each node looks for expired sessions to claim, end and delete.");
    public static final SessionSetting NODE_CACHE_SIZE = new SessionSetting("session.nodeCacheSize", "64MiB",
        "Serialized size of the sessions each node keeps decoded, validated against the store on every "
            + "request (least recently used out first). 0 turns the node cache off.");
    public static final SessionSetting SAVE_PERIOD = new SessionSetting("session.savePeriod", "1s",
        "A request that changes no attribute writes the access time only if this long has passed since the "
            + "last write (at most a quarter of the session's timeout). A session may so expire up to this "
            + "much early; never late.");

    /** session-core's settings, in the order the documentation lists them. */
    public static final List<SessionSetting> CORE = List.of(MODE, TIMEOUT, APPLICATION_NAME, WORKER_NAME, POOL_SIZE,
        OTHER_PARTITIONS, CONNECT_TIMEOUT, NETWORK_TIMEOUT, COMPRESS_THRESHOLD, MAX_BYTES, ALLOWED_CLASSES,
        SCAVENGE_INTERVAL, NODE_CACHE_SIZE, SAVE_PERIOD);

    /** A key is {@code session.} and a camelCase name, from which the variable and flag names are derived. */
    public SessionSetting
    {
        if (!KEY.matcher(key).matches())
            throw new IllegalArgumentException("A setting's key is session. and a camelCase name such as "
                + "session.redisUrl, not '" + key + "'");
        if (defaultValue == null || description == null || description.isBlank())
            throw new IllegalArgumentException(key + ": a setting has a default (may be empty) and a description");
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

    /** How an error message names the setting: all three of its spellings. */
    public String names()
    {
        return key + " (" + environmentVariable() + ", --" + flag() + ")";
    }

    private String words(char separator)
    {
        String name = key.substring(PREFIX.length());
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray())
        {
            if (Character.isUpperCase(c))
                out.append(separator);
            out.append(c);
        }
        return out.toString();
    }
}
