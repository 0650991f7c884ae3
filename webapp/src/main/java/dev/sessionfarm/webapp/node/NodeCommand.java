package dev.sessionfarm.webapp.node;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import com.zaxxer.hikari.HikariDataSource;
import dev.sessionfarm.model.cli.Commands;
import dev.sessionfarm.session.config.ConfigException;
import dev.sessionfarm.session.config.SessionSettings;
import dev.sessionfarm.session.config.SettingValues;
import dev.sessionfarm.store.postgres.PostgresSettings;
import dev.sessionfarm.webapp.SessionSettingOptions;
import dev.sessionfarm.webapp.resume.ContinueLaterSettings;
import dev.sessionfarm.webapp.web.FinalSubmitPause;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code node}: one web node, until it is stopped (SIGTERM or Ctrl-C stop it gracefully). */
@Command(name = "node", sortOptions = false, header = "Run one web node (the demo app in embedded Jetty).", description = {
    "Runs one web node: the demo order form and survey in embedded Jetty, with sessions kept as the session",
    "settings say. Stops gracefully on SIGTERM or Ctrl-C."})
public final class NodeCommand implements Callable<Integer>
{
    /** What the farm launcher waits for on a node's output. */
    public static final String LISTENING = " listening on ";
    public static final String DEMO_JDBC_URL_ENV = "DEMO_JDBC_URL";

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "ADDRESS", order = 1, description = "address to listen on (default ${DEFAULT-VALUE}: this machine only)")
    String bind = "127.0.0.1";

    @Option(names = "--port", paramLabel = "N", order = 2, description = "port to listen on (default ${DEFAULT-VALUE}; 0 picks a free port)")
    int port = 8080;

    @Option(names = "--demo-jdbc-url", paramLabel = "URL", order = 3, description = {
        "PostgreSQL for the demo's catalog, orders and survey answers (env " + DEMO_JDBC_URL_ENV
            + "; default: --jdbc-url). Its tables are created on start."})
    String demoJdbcUrl;

    @Option(names = "--"
        + SessionSettings.CONFIG_FILE_FLAG, paramLabel = "FILE", order = 4, description = "properties file with session.* settings (env "
            + SessionSettings.CONFIG_FILE_ENV + ")")
    String configFile;

    @Mixin
    ContinueLaterSettings.Options continueLater;

    /** Tests only, so --help does not offer it. */
    @Option(names = "--" + FinalSubmitPause.FLAG, paramLabel = "DURATION", hidden = true)
    Duration pause = Duration.ZERO;

    /** The session settings given as flags, by flag without dashes; {@link SessionSettingOptions} fills it. */
    private Map<String, String> sessionFlags = Map.of();

    private NodeCommand()
    {
    }

    public static CommandLine commandLine()
    {
        NodeCommand command = new NodeCommand();
        CommandLine line = new CommandLine(command);
        command.sessionFlags = SessionSettingOptions.addTo(line.getCommandSpec(), Set.of());
        return line;
    }

    /** A node's own settings; the session settings are {@link SessionSettings}'s. */
    record Settings(String bind, int port, String demoJdbcUrl, SessionSettings sessions, FinalSubmitPause pause,
        ContinueLaterSettings continueLater)
    {
    }

    Settings settings(Map<String, String> env)
    {
        Map<String, String> flags = new HashMap<>(sessionFlags);
        if (configFile != null)
            flags.put(SessionSettings.CONFIG_FILE_FLAG, configFile);
        SessionSettings sessions = SessionSettings.load(flags, env);
        List<String> jdbcUrls = SettingValues.words(sessions.text(PostgresSettings.JDBC_URL));
        String demo = demoJdbcUrl != null ? demoJdbcUrl : env.getOrDefault(DEMO_JDBC_URL_ENV,
            jdbcUrls.isEmpty() ? "" : jdbcUrls.get(0));
        if (demo.isBlank())
            throw new ConfigException("The demo needs a PostgreSQL database for its catalog, orders and survey "
                + "answers: give --demo-jdbc-url (or " + DEMO_JDBC_URL_ENV + "), or --jdbc-url in postgres mode, "
                + "e.g. jdbc:postgresql://127.0.0.1:5432/demo?user=demo&password=secret");
        return new Settings(bind, Commands.inRange(spec, "--port", port, 0, 65535), demo, sessions,
            pause.isZero() ? FinalSubmitPause.NONE : new FinalSubmitPause(pause), continueLater.settings(env));
    }

    @Override
    public Integer call() throws Exception
    {
        Settings settings = settings(System.getenv());
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
        return Commands.OK;
    }
}
