package dev.sessionfarm.webapp.resume;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sessionfarm.model.Units;
import dev.sessionfarm.session.config.ConfigException;
import picocli.CommandLine.Option;

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

    public static ContinueLaterSettings parse(Map<String, String> flags, Map<String, String> env)
    {
        String validFor = flags.getOrDefault(VALID_FOR_FLAG, env.getOrDefault("CONTINUE_LATER_VALID_FOR", "3d"));
        String attempts = flags.getOrDefault(ATTEMPTS_FLAG, env.getOrDefault("CONTINUE_LATER_ATTEMPTS",
            String.valueOf(DEFAULT_ATTEMPTS)));
        Duration duration;
        try
        {
            duration = Units.duration(validFor);
        }
        catch (IllegalArgumentException e)
        {
            throw new ConfigException("--" + VALID_FOR_FLAG + ": " + e.getMessage());
        }
        if (duration.isZero())
            throw new ConfigException("--" + VALID_FOR_FLAG + ": a code must stay valid for longer than 0");
        if (!attempts.matches("\\d{1,4}") || Integer.parseInt(attempts) == 0)
            throw new ConfigException("--" + ATTEMPTS_FLAG + ": '" + attempts + "' is not a number from 1 to 9999");
        return new ContinueLaterSettings(duration, Integer.parseInt(attempts), WINDOW);
    }

    /** The two as options of a command (the node's and the farm's, which passes them on to its nodes). */
    public static final class Options
    {
        @Option(names = "--" + VALID_FOR_FLAG, paramLabel = "DURATION", order = 10, description = {
            "how long a \"continue later\" code and its saved draft are kept, e.g. 12h or 3d (env "
                + "CONTINUE_LATER_VALID_FOR; default 3d)"})
        String validFor;

        @Option(names = "--" + ATTEMPTS_FLAG, paramLabel = "N", order = 11, description = {
            "codes one client address may try per 15 minutes, on all nodes together (env CONTINUE_LATER_ATTEMPTS; "
                + "default " + DEFAULT_ATTEMPTS + ")"})
        String attempts;

        /** The options given, as flags without dashes. */
        public Map<String, String> given()
        {
            Map<String, String> given = new LinkedHashMap<>();
            if (validFor != null)
                given.put(VALID_FOR_FLAG, validFor);
            if (attempts != null)
                given.put(ATTEMPTS_FLAG, attempts);
            return given;
        }

        public ContinueLaterSettings settings(Map<String, String> env)
        {
            return parse(given(), env);
        }
    }
}
