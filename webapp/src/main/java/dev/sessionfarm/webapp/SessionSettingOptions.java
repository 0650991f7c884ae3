package dev.sessionfarm.webapp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.sessionfarm.session.config.KnownSettings;
import dev.sessionfarm.session.config.SessionSetting;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The session settings as options of a command: one per setting, its flag derived from its key ({@code --jdbc-url}),
 * listed in a section of their own. The settings are data, so the options are added here, the one place that reads
 * the list, rather than declared field by field.
 */
public final class SessionSettingOptions
{
    /** Where the settings' section of a command's help begins. */
    public static final String HEADING = "Session settings";

    private SessionSettingOptions()
    {
    }

    /**
     * Adds an option for each session setting but {@code except} (flags without dashes).
     *
     * @return the values given on the command line by flag without dashes ({@code jdbc-url}), filled as the
     *         command line is parsed: what {@code SessionSettings.load} reads
     */
    public static Map<String, String> addTo(CommandSpec spec, Set<String> except)
    {
        Map<String, String> given = new LinkedHashMap<>();
        ArgGroupSpec.Builder section = ArgGroupSpec.builder().validate(false)
            .heading("%n" + HEADING + " (each also read from its environment variable; see docs/configuration.md):%n");
        for (SessionSetting setting : KnownSettings.onClassPath().all())
        {
            if (except.contains(setting.flag()))
                continue;
            OptionSpec.Builder option = OptionSpec.builder("--" + setting.flag()).type(String.class)
                .paramLabel("VALUE").description(description(setting)).setter(new ISetter()
                {
                    @Override
                    public <T> T set(T value)
                    {
                        if (value != null)
                            given.put(setting.flag(), (String)value);
                        return null;
                    }
                });
            if (setting.defaultValue().equals("true") || setting.defaultValue().equals("false"))
                option.paramLabel("true|false").arity("0..1").fallbackValue("true");
            section.addArg(option.build());
        }
        spec.addArgGroup(section.build());
        return given;
    }

    private static String description(SessionSetting setting)
    {
        String source = "env " + setting.environmentVariable()
            + (setting.defaultValue().isEmpty() ? "" : ", default " + setting.defaultValue());
        // Descriptions are format strings to picocli.
        return (setting.description() + " (" + source + ")").replace("%", "%%");
    }
}
