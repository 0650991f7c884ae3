package dev.sessionfarm.session.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import dev.sessionfarm.session.SessionStoreProvider;

/**
 * The settings a node understands: session-core's, then those of each store provider, by mode. Whatever reads or
 * lists settings by name (a properties file, the environment, flags, --help, docs/configuration.md) asks this, so a
 * store's settings appear wherever its jar is on the class path, and nowhere else.
 */
public final class KnownSettings
{
    private final List<SessionStoreProvider> providers;
    private final List<SessionSetting> all;

    private KnownSettings(List<SessionStoreProvider> providers)
    {
        this.providers = providers.stream().sorted(Comparator.comparing(SessionStoreProvider::mode)).toList();
        List<SessionSetting> settings = new ArrayList<>(SessionSetting.CORE);
        Map<String, String> declaredBy = new HashMap<>();
        SessionSetting.CORE.forEach(s -> declaredBy.put(s.key(), "session-core"));
        for (SessionStoreProvider provider : this.providers)
        {
            for (SessionSetting setting : provider.settings())
            {
                String earlier = declaredBy.putIfAbsent(setting.key(), "the " + provider.mode() + " store");
                if (earlier != null)
                    throw new IllegalStateException(setting.key() + " is declared by both " + earlier + " and the "
                        + provider.mode() + " store (" + provider.getClass().getName() + ")");
                settings.add(setting);
            }
        }
        this.all = List.copyOf(settings);
    }

    /** session-core's settings and those of every {@link SessionStoreProvider} that {@link ServiceLoader} finds. */
    public static KnownSettings onClassPath()
    {
        List<SessionStoreProvider> found = new ArrayList<>();
        ServiceLoader.load(SessionStoreProvider.class).forEach(found::add);
        return new KnownSettings(found);
    }

    /** session-core's settings and those of the given providers only. */
    public static KnownSettings of(List<SessionStoreProvider> providers)
    {
        return new KnownSettings(providers);
    }

    /** Every setting: session-core's first, then each store's, stores ordered by mode. */
    public List<SessionSetting> all()
    {
        return all;
    }

    public Optional<SessionSetting> byKey(String key)
    {
        return all.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public Optional<SessionSetting> byFlag(String flag)
    {
        return all.stream().filter(s -> s.flag().equals(flag)).findFirst();
    }

    /** The provider of this mode, if one is known. */
    public Optional<SessionStoreProvider> provider(String mode)
    {
        return providers.stream().filter(p -> p.mode().equals(mode)).findFirst();
    }

    /** Has the provider of the settings' mode, if any, check its own settings, so a bad one stops a node at start. */
    void check(SessionSettings settings)
    {
        provider(settings.mode()).ifPresent(p -> p.check(settings));
    }
}
