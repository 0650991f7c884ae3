package dev.sessionfarm.session.config;

/**
 * The session settings as a Markdown table, for docs/configuration.md: generated from {@link KnownSettings} (session-core's
 * and every store's on the class path) so the documentation cannot drift from the code (webapp's
 * ConfigurationDocTest, which has every store, compares the two).
 */
public final class SettingsTable
{
    public static final String BEGIN = "<!-- session-settings:begin (generated from KnownSettings; do not edit) -->";
    public static final String END = "<!-- session-settings:end -->";

    private SettingsTable()
    {
    }

    /** The table of the settings of session-core and every store provider on the class path. */
    public static String markdown()
    {
        return markdown(KnownSettings.onClassPath());
    }

    public static String markdown(KnownSettings known)
    {
        StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append("| properties key | environment variable | flag | default | meaning |\n");
        md.append("|---|---|---|---|---|\n");
        for (SessionSetting s : known.all())
        {
            md.append("| `").append(s.key()).append("` | `").append(s.environmentVariable()).append("` | `--")
                .append(s.flag()).append("` | ")
                .append(s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`")
                .append(" | ").append(s.description().replace("|", "\\|")).append(" |\n");
        }
        return md.append(END).append('\n').toString();
    }

    public static void main(String[] args)
    {
        System.out.print(markdown());
    }
}
