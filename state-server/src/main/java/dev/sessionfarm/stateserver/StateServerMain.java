package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import dev.sessionfarm.model.cli.Commands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code state-server} command: {@code serve} (also what runs when no command is named), {@code keygen},
 * {@code stats}. Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.
 */
@Command(name = "state-server", header = "Run the session state server (or: keygen, stats).", synopsisSubcommandLabel = "[serve | keygen | stats]", commandListHeading = "%nCommands:%n", description = {
    "Runs the session state server (serve, the default: its options below), writes a shared key "
        + "file (keygen) or prints the counters of a running server (stats)."})
public final class StateServerMain extends ServeCommand
{
    public static void main(String[] args)
    {
        Commands.exit(commandLine(), args);
    }

    /** The command with its subcommands, for this module's main and the session-farm jar's {@code state-server}. */
    public static CommandLine commandLine()
    {
        // Added here, not in @Command: picocli refuses a subcommand annotated on its own subclass.
        return Commands.configure(new CommandLine(new StateServerMain()).addSubcommand(new ServeCommand())
            .addSubcommand(new KeygenCommand()).addSubcommand(new StatsCommand())
            .addSubcommand(new CommandLine.HelpCommand()));
    }

    /** Runs until the server stops; 1 if it cannot start. */
    static int serve(ServeOptions options, CommandSpec spec)
    {
        PrintWriter err = spec.commandLine().getErr();
        Logger log = LoggerFactory.getLogger(StateServerMain.class);
        KeyFile keys = options.keyFile() == null ? null
            : readKeys(options.keyFile(), options.allowReadableKeyFile(), spec);
        SSLContext tls = options.tlsKeystore() == null ? null : serverTls(options, spec);
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
            return Commands.FAILURE;
        }
        catch (IOException | IllegalStateException e)
        {
            closeQuietly(persistence);
            err.println("state-server: cannot start: " + e.getMessage());
            return Commands.FAILURE;
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
                return Commands.FAILURE;
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

    private static KeyFile readKeys(Path file, boolean allowReadable, CommandSpec spec)
    {
        try
        {
            return KeyFile.open(file, allowReadable);
        }
        catch (IOException e)
        {
            throw Commands.usageError(spec, "--key-file " + file + " cannot be read (" + e.getMessage() + ")");
        }
        catch (IllegalArgumentException e)
        {
            throw Commands.usageError(spec, "--key-file: " + e.getMessage());
        }
    }

    private static SSLContext serverTls(ServeOptions options, CommandSpec spec)
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
            throw Commands.usageError(spec, "--tls-keystore " + options.tlsKeystore() + " cannot be loaded ("
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
