package dev.sessionfarm.store.postgres;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code migrate}: applies the Flyway migrations to a database and says what it did (the aspnet_regsql of
 * this world). Running it again is a no-op.
 */
public final class MigrateCommand
{
    private static final String USAGE = """
        Usage: migrate --jdbc-url=URL [--user=NAME] [--password=SECRET] [--schema=all|%s]

        Applies the session-farm database migrations and prints what was applied.
        Running it again applies nothing and says so.

          --jdbc-url   JDBC URL of the PostgreSQL database          (env SESSION_JDBC_URL)
          --user       database user                                (env SESSION_JDBC_USER)
          --password   database password                            (env SESSION_JDBC_PASSWORD)
          --schema     which migrations: all (default) or one of: %s
        """;

    private MigrateCommand()
    {
    }

    public static void main(String[] args)
    {
        main(args, List.of(Schema.SESSION));
    }

    /** The command for an application that keeps its own tables beside the sessions' (the demo does). */
    public static void main(String[] args, List<Schema> known)
    {
        System.exit(run(args, known, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
    {
        return run(args, List.of(Schema.SESSION), env, out, err);
    }

    static int run(String[] args, List<Schema> known, Map<String, String> env, PrintStream out, PrintStream err)
    {
        String schemaNames = String.join("|", schemaLabels(known));
        Map<String, String> options = new TreeMap<>();
        for (String arg : args)
        {
            if (arg.equals("--help") || arg.equals("-h"))
            {
                out.print(USAGE.formatted(schemaNames, schemaNames));
                return 0;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0)
            {
                err.println("migrate: unexpected argument '" + arg + "'; options look like --name=value (see --help)");
                return 2;
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        String url = options.getOrDefault("jdbc-url", env.getOrDefault("SESSION_JDBC_URL", ""));
        if (url.isBlank())
        {
            err.println(
                "migrate: --jdbc-url is required (or SESSION_JDBC_URL), e.g. --jdbc-url=jdbc:postgresql://127.0.0.1:5432/sessions");
            return 2;
        }
        List<Schema> schemas;
        try
        {
            schemas = selectSchemas(known, options.getOrDefault("schema", "all"));
        }
        catch (IllegalArgumentException e)
        {
            err.println("migrate: " + e.getMessage());
            return 2;
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        String user = options.getOrDefault("user", env.getOrDefault("SESSION_JDBC_USER", ""));
        if (!user.isEmpty())
            dataSource.setUser(user);
        String password = options.getOrDefault("password", env.getOrDefault("SESSION_JDBC_PASSWORD", ""));
        if (!password.isEmpty())
            dataSource.setPassword(password);
        dataSource.setConnectTimeout(10);
        try
        {
            for (Schema schema : schemas)
                out.println(SchemaMigrations.migrate(dataSource, schema).describe());
            return 0;
        }
        catch (RuntimeException e)
        {
            err.println("migrate: failed against " + url + ": " + rootMessage(e));
            return 1;
        }
    }

    private static List<Schema> selectSchemas(List<Schema> known, String name)
    {
        if (name.equals("all"))
            return known;
        for (Schema schema : known)
        {
            if (schema.label().equals(name))
                return List.of(schema);
        }
        throw new IllegalArgumentException(
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
