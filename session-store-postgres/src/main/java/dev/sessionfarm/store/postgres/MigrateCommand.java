package dev.sessionfarm.store.postgres;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.sessionfarm.model.cli.Commands;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code migrate}: applies the Flyway migrations to a database and says what it did (the aspnet_regsql of
 * this world). Running it again is a no-op.
 */
@Command(name = "migrate", sortOptions = false, header = "Apply the database migrations.", description = {
    "Applies the session-farm database migrations and prints what was applied.",
    "Running it again applies nothing and says so."})
public final class MigrateCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--jdbc-url", paramLabel = "URL", order = 1, description = "JDBC URL of the PostgreSQL database (env SESSION_JDBC_URL)")
    String url;

    @Option(names = "--user", paramLabel = "NAME", order = 2, description = "database user (env SESSION_JDBC_USER)")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", order = 3, description = "database password (env SESSION_JDBC_PASSWORD)")
    String password;

    @Option(names = "--schema", paramLabel = "NAME", order = 4, defaultValue = "all", description = "which migrations: all (default) or one of: ${COMPLETION-CANDIDATES}")
    String schema;

    private final List<Schema> known;
    private final Map<String, String> env;

    private MigrateCommand(List<Schema> known, Map<String, String> env)
    {
        this.known = known;
        this.env = env;
    }

    public static void main(String[] args)
    {
        Commands.exit(commandLine(List.of(Schema.SESSION), System.getenv()), args);
    }

    /** The command for an application that keeps its own tables beside the sessions' (the demo does). */
    public static CommandLine commandLine(List<Schema> known, Map<String, String> env)
    {
        CommandLine line = new CommandLine(new MigrateCommand(known, env));
        // The schemas are known only now: the option is built again with them as its candidates.
        CommandSpec spec = line.getCommandSpec();
        OptionSpec schema = spec.findOption("--schema");
        spec.remove(schema);
        spec.addOption(schema.toBuilder().completionCandidates(schemaLabels(known)).build());
        return line;
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
    {
        CommandLine line = Commands.configure(commandLine(List.of(Schema.SESSION), env));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Override
    public Integer call()
    {
        String jdbcUrl = url != null ? url : env.getOrDefault("SESSION_JDBC_URL", "");
        if (jdbcUrl.isBlank())
            throw Commands.usageError(spec, "--jdbc-url is required (or SESSION_JDBC_URL), e.g. "
                + "--jdbc-url=jdbc:postgresql://127.0.0.1:5432/sessions");
        List<Schema> schemas = selectSchemas(known, schema);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        String userName = user != null ? user : env.getOrDefault("SESSION_JDBC_USER", "");
        if (!userName.isEmpty())
            dataSource.setUser(userName);
        String secret = password != null ? password : env.getOrDefault("SESSION_JDBC_PASSWORD", "");
        if (!secret.isEmpty())
            dataSource.setPassword(secret);
        dataSource.setConnectTimeout(10);
        PrintWriter out = spec.commandLine().getOut();
        try
        {
            for (Schema each : schemas)
                out.println(SchemaMigrations.migrate(dataSource, each).describe());
            return Commands.OK;
        }
        catch (RuntimeException e)
        {
            spec.commandLine().getErr().println("migrate: failed against " + jdbcUrl + ": " + rootMessage(e));
            return Commands.FAILURE;
        }
    }

    private List<Schema> selectSchemas(List<Schema> known, String name)
    {
        if (name.equals("all"))
            return known;
        for (Schema schema : known)
        {
            if (schema.label().equals(name))
                return List.of(schema);
        }
        throw Commands.usageError(spec,
            "--schema=" + name + " is not known; use all or one of " + schemaLabels(known));
    }

    private static List<String> schemaLabels(List<Schema> known)
    {
        List<String> labels = new ArrayList<>();
        for (Schema schema : known)
            labels.add(schema.label());
        return labels;
    }

    private static String rootMessage(Throwable e)
    {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root)
            root = root.getCause();
        return root == e ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
