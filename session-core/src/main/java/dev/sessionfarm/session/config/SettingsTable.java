package dev.sessionfarm.session.config;

/**
 * The session settings as a Markdown table, for docs/configuration.md: generated from {@link SessionSetting} so the
 * documentation cannot drift from the code (a test compares the two).
 */
public final class SettingsTable
{
    public static final String BEGIN = "<!-- session-settings:begin (generated from SessionSetting; do not edit) -->";
    public static final String END = "<!-- session-settings:end -->";

    private SettingsTable()
    {
    }

    public static String markdown()
    {
        StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append("| properties key | environment variable | flag | default | meaning |\n");
        md.append("|---|---|---|---|---|\n");
        for (SessionSetting s : SessionSetting.values())
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
