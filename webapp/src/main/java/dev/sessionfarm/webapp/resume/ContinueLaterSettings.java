package dev.sessionfarm.webapp.resume;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.session.config.ConfigException;

/**
 * How long a "continue later" code stays valid, and how many redemption attempts one client address may make per
 * window. Flags {@code --continue-later-valid-for} and {@code --continue-later-attempts}, environment variables
 * {@code CONTINUE_LATER_VALID_FOR} and {@code CONTINUE_LATER_ATTEMPTS}.
 */
public record ContinueLaterSettings(Duration validFor, int attempts, Duration window)
{
    public static final String VALID_FOR_FLAG = "continue-later-valid-for";
    public static final String ATTEMPTS_FLAG = "continue-later-attempts";
    public static final Duration DEFAULT_VALID_FOR = Duration.ofDays(3);
    public static final int DEFAULT_ATTEMPTS = 10;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final ContinueLaterSettings DEFAULTS = new ContinueLaterSettings(DEFAULT_VALID_FOR, DEFAULT_ATTEMPTS,
        WINDOW);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(m|h|d)");

    public static ContinueLaterSettings parse(Map<String, String> flags, Map<String, String> env)
    {
        String validFor = flags.getOrDefault(VALID_FOR_FLAG, env.getOrDefault("CONTINUE_LATER_VALID_FOR", "3d"));
        String attempts = flags.getOrDefault(ATTEMPTS_FLAG, env.getOrDefault("CONTINUE_LATER_ATTEMPTS",
            String.valueOf(DEFAULT_ATTEMPTS)));
        Matcher m = DURATION.matcher(validFor.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0)
            throw new ConfigException(
                "--" + VALID_FOR_FLAG + ": '" + validFor + "' is not a duration such as 90m, 12h or 3d");
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2))
        {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (!attempts.matches("\\d{1,4}") || Integer.parseInt(attempts) == 0)
            throw new ConfigException("--" + ATTEMPTS_FLAG + ": '" + attempts + "' is not a number from 1 to 9999");
        return new ContinueLaterSettings(duration, Integer.parseInt(attempts), WINDOW);
    }

    /** As the node passes them on: the farm launcher gives its nodes the same. */
    public static boolean isFlag(String flag)
    {
        return flag.equals(VALID_FOR_FLAG) || flag.equals(ATTEMPTS_FLAG);
    }
}
