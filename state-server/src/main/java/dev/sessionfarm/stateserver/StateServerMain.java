package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code state-server} command: {@code serve} (default), {@code keygen}, {@code stats}.
 * Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.
 */
public final class StateServerMain
{
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    private static final String HELP = """
        Usage: state-server <command> [options]

        Commands:
          serve     run the state server (the default when no command is given)
          keygen    write a new random shared key file
          stats     print the counters of a running server

        `state-server <command> --help` describes each command's options.

        """ + ServeOptions.HELP;

    private StateServerMain()
    {
    }

    public static void main(String[] args)
    {
        int exit = run(args, System.out, System.err);
        if (exit != 0)
        {
            System.exit(exit);
        }
    }

    /** Runs a command; returns its exit code, except for {@code serve}, which returns when the server stops. */
    static int run(String[] args, PrintStream out, PrintStream err)
    {
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "serve";
        int from = args.length > 0 && !args[0].startsWith("-") ? 1 : 0;
        try
        {
            switch (command)
            {
                case "serve" ->
                {
                    if (ServeOptions.wantsHelp(args, from))
                    {
                        out.print(from == 0 ? HELP : ServeOptions.HELP);
                        return 0;
                    }
                    return serve(ServeOptions.parse(args, from), err);
                }
                case "keygen" ->
                {
                    return KeygenCommand.run(args, from, out);
                }
                case "stats" ->
                {
                    return StatsCommand.run(args, from, out);
                }
                case "help" ->
                {
                    out.print(HELP);
                    return 0;
                }
                default -> throw new CommandLine.UsageException("unknown command '" + command
                    + "'; commands are serve, keygen, stats (see state-server --help)");
            }
        }
        catch (CommandLine.UsageException e)
        {
            err.println("state-server: " + e.getMessage());
            return EXIT_USAGE;
        }
    }

    private static int serve(ServeOptions options, PrintStream err)
    {
        Logger log = LoggerFactory.getLogger(StateServerMain.class);
        KeyFile keys = options.keyFile() == null ? null : readKeys(options.keyFile(), options.allowReadableKeyFile());
        SSLContext tls = options.tlsKeystore() == null ? null : serverTls(options);
        SessionStore store = new SessionStore(options.maxMemory(), options.maxFrameBytes());
        Persistence persistence = null;
        StateServer server;
        try
        {
            if (options.dataDir() != null)
            {
                persistence = Persistence.open(options.dataDir(), options.fsync(), options.compactAfter(), store,
                    options.repair());
            }
            server = new StateServer(options, store, persistence, keys, tls);
            server.start();
        }
        catch (BindException e)
        {
            closeQuietly(persistence);
            err.println("state-server: cannot listen on " + options.bind() + ":" + options.port() + " ("
                + e.getMessage() + "); is another state server running? Choose another --port.");
            return EXIT_FAILURE;
        }
        catch (IOException | IllegalStateException e)
        {
            closeQuietly(persistence);
            err.println("state-server: cannot start: " + e.getMessage());
            return EXIT_FAILURE;
        }
        StateServer running = server;
        Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "state-shutdown"));
        // Before the line that says it listens: whoever waits for that line can probe it at once.
        OperatorHttp operatorHttp = null;
        if (options.httpPort() >= 0)
        {
            try
            {
                operatorHttp = OperatorHttp.start(running, options.bind(), options.httpPort());
            }
            catch (IOException e)
            {
                running.stop();
                err.println("state-server: cannot serve --http-port " + options.httpPort() + " on " + options.bind()
                    + " (" + e.getMessage() + "); choose another port");
                return EXIT_FAILURE;
            }
            log.info("health and metrics on http://{}:{}/health/live, /health/ready and /metrics",
                running.address().getAddress().getHostAddress(), operatorHttp.port());
        }
        log.info("state server listening on {}:{} (TLS {}, auth {}, persistence: {}, {})",
            running.address().getAddress().getHostAddress(), running.address().getPort(),
            tls == null ? "off" : "on", keys == null ? "off" : "on (" + keys.keys().all().size() + " key(s))",
            options.dataDir() == null ? "off, memory only" : "data-dir " + options.dataDir() + ", fsync "
                + options.fsync(),
            options.describeLimits());
        if (keys == null)
        {
            log.warn("no --key-file: any process on this machine can read and change sessions;"
                + " use --key-file to require a shared key");
        }
        running.awaitStopped();
        if (operatorHttp != null)
        {
            operatorHttp.close();
        }
        return 0;
    }

    private static KeyFile readKeys(Path file, boolean allowReadable)
    {
        try
        {
            return KeyFile.open(file, allowReadable);
        }
        catch (IOException e)
        {
            throw new CommandLine.UsageException("--key-file " + file + " cannot be read (" + e.getMessage() + ")");
        }
        catch (IllegalArgumentException e)
        {
            throw new CommandLine.UsageException(e.getMessage());
        }
    }

    private static SSLContext serverTls(ServeOptions options)
    {
        try
        {
            char[] password = options.tlsKeystorePassword().toCharArray();
            KeyStore store = KeyStore.getInstance(options.tlsKeystore().toFile(), password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        }
        catch (IOException | GeneralSecurityException e)
        {
            throw new CommandLine.UsageException("--tls-keystore " + options.tlsKeystore() + " cannot be loaded ("
                + e.getMessage() + "); it must be a PKCS12 key store with the server's key and certificate");
        }
    }

    private static void closeQuietly(Persistence persistence)
    {
        if (persistence != null)
        {
            try
            {
                persistence.close();
            }
            catch (IOException ignored)
            {
                // Start-up already failed; the first error is the one to report.
            }
        }
    }
}
