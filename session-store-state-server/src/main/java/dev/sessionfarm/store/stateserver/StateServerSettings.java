package dev.sessionfarm.store.stateserver;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.config.SettingValues;

/**
 * The state-server store's own settings, parsed and checked; session-core's (pool size, timeouts, ...) are in
 * {@link SessionSettings}.
 *
 * @param stateServers    one per partition
 * @param otherPartitions session-core's {@code session.otherPartitions}, read as state-server addresses
 */
public record StateServerSettings(List<InetSocketAddress> stateServers, List<InetSocketAddress> otherPartitions,
    Optional<Path> keyFile, boolean allowReadableKeyFile, Optional<Path> trustStore, String trustStorePassword)
{
    public static final SessionSetting STATE_SERVER = new SessionSetting("session.stateServer", "127.0.0.1:42424",
        "Address of the state server, host:port (state-server mode). Several separated by spaces: one partition "
            + "each, every session in one of them.");
    public static final SessionSetting STATE_SERVER_KEY_FILE = new SessionSetting("session.stateServerKeyFile", "",
        "File with the state server's shared key (state-server mode). Required when the server asks "
            + "for authentication.");
    public static final SessionSetting STATE_SERVER_ALLOW_READABLE_KEY_FILE =
        new SessionSetting("session.stateServerAllowReadableKeyFile", "false",
            "Accept a state-server key file that group or others can read. Off: such a file is refused, naming "
                + "the file and the fix (chmod 600).");
    public static final SessionSetting STATE_SERVER_TRUST_STORE = new SessionSetting("session.stateServerTrustStore",
        "", "PKCS12 trust store holding the state server's TLS certificate. Empty: plain TCP.");
    public static final SessionSetting STATE_SERVER_TRUST_STORE_PASSWORD =
        new SessionSetting("session.stateServerTrustStorePassword", "", "Password of the trust store.");

    /** In the order the documentation lists them. */
    static final List<SessionSetting> ALL = List.of(STATE_SERVER, STATE_SERVER_KEY_FILE,
        STATE_SERVER_ALLOW_READABLE_KEY_FILE, STATE_SERVER_TRUST_STORE, STATE_SERVER_TRUST_STORE_PASSWORD);

    public StateServerSettings
    {
        stateServers = List.copyOf(stateServers);
        otherPartitions = List.copyOf(otherPartitions);
    }

    /** This store's settings from {@code settings}; at least one state server is required. */
    public static StateServerSettings of(SessionSettings settings)
    {
        List<InetSocketAddress> servers = SettingValues.words(settings.text(STATE_SERVER)).stream()
            .map(a -> hostAndPort(STATE_SERVER, a)).toList();
        if (servers.isEmpty())
            throw new ConfigException(STATE_SERVER.names() + " names no state server; expected host:port, "
                + "e.g. 127.0.0.1:42424");
        List<InetSocketAddress> others = settings.otherPartitions().stream()
            .map(a -> hostAndPort(SessionSetting.OTHER_PARTITIONS, a)).toList();
        return new StateServerSettings(servers, others, optionalPath(settings.text(STATE_SERVER_KEY_FILE)),
            SettingValues.bool(STATE_SERVER_ALLOW_READABLE_KEY_FILE,
                settings.text(STATE_SERVER_ALLOW_READABLE_KEY_FILE)),
            optionalPath(settings.text(STATE_SERVER_TRUST_STORE)), settings.text(STATE_SERVER_TRUST_STORE_PASSWORD));
    }

    /** A state server's address as the settings take it: host:port, the host in brackets if it is IPv6. */
    static InetSocketAddress hostAndPort(SessionSetting setting, String value)
    {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1)
            throw SettingValues.invalid(setting, value, "host:port, e.g. 127.0.0.1:42424");
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
            host = host.substring(1, host.length() - 1);
        int port;
        try
        {
            port = Integer.parseInt(v.substring(colon + 1));
        }
        catch (NumberFormatException e)
        {
            throw SettingValues.invalid(setting, value, "host:port with a port from 1 to 65535");
        }
        if (port < 1 || port > 65535)
            throw SettingValues.invalid(setting, value, "host:port with a port from 1 to 65535");
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static Optional<Path> optionalPath(String value)
    {
        return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** The trust store's password stays out of logs. */
    @Override
    public String toString()
    {
        return "StateServerSettings[stateServers=" + stateServers + ", otherPartitions=" + otherPartitions
            + ", keyFile=" + keyFile + ", allowReadableKeyFile=" + allowReadableKeyFile + ", trustStore=" + trustStore
            + "]";
    }
}
