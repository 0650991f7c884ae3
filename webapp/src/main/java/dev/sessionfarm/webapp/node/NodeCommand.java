package dev.sessionfarm.webapp.node;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.zaxxer.hikari.HikariDataSource;
import dev.sessionfarm.session.config.CommandLineFlags;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.KnownSettings;
import dev.sessionfarm.session.config.SessionSetting;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.config.SettingValues;
import dev.sessionfarm.store.postgres.PostgresSettings;
import dev.sessionfarm.webapp.Main;
import dev.sessionfarm.webapp.resume.ContinueLaterSettings;
import dev.sessionfarm.webapp.web.FinalSubmitPause;

/** {@code node}: one web node, until it is stopped (SIGTERM or Ctrl-C stop it gracefully). */
public final class NodeCommand
{
    /** What the farm launcher waits for on a node's output. */
    public static final String LISTENING = " listening on ";
    public static final String DEMO_JDBC_URL_ENV = "DEMO_JDBC_URL";

    /** {@link FinalSubmitPause#FLAG} is for tests only, so --help does not offer it. */
    private static final Set<String> NODE_FLAGS =
        Set.of("bind", "port", "demo-jdbc-url", SessionSettings.CONFIG_FILE_FLAG,
            FinalSubmitPause.FLAG, ContinueLaterSettings.VALID_FOR_FLAG, ContinueLaterSettings.ATTEMPTS_FLAG);

    private NodeCommand()
    {
    }

    /** A node's own settings; the session settings are {@link SessionSettings}'s. */
    record Settings(String bind, int port, String demoJdbcUrl, SessionSettings sessions, FinalSubmitPause pause,
        ContinueLaterSettings continueLater)
    {
        static Settings parse(Map<String, String> flags, Map<String, String> env)
        {
            Set<String> unknown = new TreeSet<>(flags.keySet());
            unknown.removeAll(NODE_FLAGS);
            for (SessionSetting setting : KnownSettings.onClassPath().all())
                unknown.remove(setting.flag());
            if (!unknown.isEmpty())
                throw new ConfigException("Unknown option(s) --" + String.join(", --", unknown) + " (see node --help)");
            SessionSettings sessions = SessionSettings.load(flags, env);
            List<String> sessionJdbcUrls = SettingValues.words(sessions.text(PostgresSettings.JDBC_URL));
            String demo = flags.getOrDefault("demo-jdbc-url", env.getOrDefault(DEMO_JDBC_URL_ENV,
                sessionJdbcUrls.isEmpty() ? "" : sessionJdbcUrls.get(0)));
            if (demo.isBlank())
                throw new ConfigException("The demo needs a PostgreSQL database for its catalog, orders and survey "
                    + "answers: give --demo-jdbc-url (or " + DEMO_JDBC_URL_ENV + "), or --jdbc-url in postgres mode, "
                    + "e.g. jdbc:postgresql://127.0.0.1:5432/demo?user=demo&password=secret");
            return new Settings(flags.getOrDefault("bind", "127.0.0.1"), Main.port(flags.getOrDefault("port", "8080")),
                demo,
                sessions, testPause(flags.get(FinalSubmitPause.FLAG)), ContinueLaterSettings.parse(flags, env));
        }

        private static FinalSubmitPause testPause(String millis)
        {
            if (millis == null)
                return FinalSubmitPause.NONE;
            if (!millis.matches("\\d{1,6}"))
                throw new ConfigException("--" + FinalSubmitPause.FLAG + " takes milliseconds, e.g. 3000");
            return new FinalSubmitPause(Duration.ofMillis(Long.parseLong(millis)));
        }
    }

    public static void main(String[] args) throws Exception
    {
        if (args.length > 0 && Main.isHelp(args[0]))
        {
            printHelp(System.out);
            return;
        }
        Settings settings;
        try
        {
            settings = Settings.parse(CommandLineFlags.parse(args), System.getenv());
        }
        catch (ConfigException e)
        {
            System.err.println("node: " + e.getMessage());
            System.exit(2);
            return;
        }
        HikariDataSource database = DemoDatabase.open(settings.demoJdbcUrl(), settings.sessions().workerName());
        WebNode node = WebNode.start(settings.bind(), settings.port(), settings.sessions(), database, settings.pause(),
            settings.continueLater(), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            try
            {
                node.stopGracefully();
            }
            catch (Exception e)
            {
                System.err.println("node: stopping failed: " + e);
            }
            database.close();
        }, "node-stop"));
        System.out.println("session-farm node " + settings.sessions().workerName() + " (" + settings.sessions().mode()
            + " mode)" + LISTENING + node.uri());
        node.join();
    }

    static void printHelp(PrintStream out)
    {
        out.print("""
            Usage: java -jar session-farm.jar node [options]

            Runs one web node: the demo order form and survey in embedded Jetty, with sessions kept as the session
            settings say. Stops gracefully on SIGTERM or Ctrl-C.

            Node options:
              --bind ADDRESS        address to listen on (default 127.0.0.1: this machine only)
              --port N              port to listen on (default 8080; 0 picks a free port)
              --demo-jdbc-url URL   PostgreSQL for the demo's catalog, orders and survey answers
                                    (env DEMO_JDBC_URL; default: --jdbc-url). Its tables are created on start.
              --config FILE         properties file with session.* settings (env SESSION_CONFIG)
              --continue-later-valid-for DURATION
                                    how long a "continue later" code and its saved draft are kept, e.g. 12h
                                    or 3d (env CONTINUE_LATER_VALID_FOR; default 3d)
              --continue-later-attempts N
                                    codes one client address may try per 15 minutes, on all nodes together
                                    (env CONTINUE_LATER_ATTEMPTS; default 10)

            Session settings (flag, environment variable, default):
            """);
        for (SessionSetting setting : KnownSettings.onClassPath().all())
        {
            String source = "env " + setting.environmentVariable()
                + (setting.defaultValue().isEmpty() ? "" : ", default " + setting.defaultValue());
            out.printf("  --%-24s (%s)%n", setting.flag(), source);
            out.println(wrap(setting.description(), "      ", 100));
        }
    }

    private static String wrap(String text, String indent, int width)
    {
        StringBuilder wrapped = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" "))
        {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width)
            {
                wrapped.append(line).append(System.lineSeparator());
                line = new StringBuilder(indent);
            }
            line.append(line.length() > indent.length() ? " " : "").append(word);
        }
        return wrapped.append(line).toString();
    }
}
