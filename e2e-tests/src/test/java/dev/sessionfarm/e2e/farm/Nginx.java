package dev.sessionfarm.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionfarm.process.ChildProcess;
import dev.sessionfarm.process.Ports;

import static org.awaitility.Awaitility.await;

/**
 * nginx in front of the farm's nodes with the reference configuration, {@code deploy/nginx/session-farm.conf},
 * only its addresses substituted, run in the foreground from a directory of its own.
 */
public final class Nginx implements AutoCloseable
{
    private static final Pattern UPSTREAM_SERVER = Pattern.compile("server 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern LISTEN = Pattern.compile("listen 127\\.0\\.0\\.1:\\d+;");

    private final ChildProcess process;
    private final Path directory;
    private final int port;

    private Nginx(ChildProcess process, Path directory, int port)
    {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /** The nginx binary, if this machine has one. */
    public static Path binary()
    {
        return Executables.find("nginx");
    }

    public static Nginx start(List<Node> nodes)
    {
        try
        {
            Path dir = Files.createTempDirectory("session-farm-e2e-nginx-");
            int port = Ports.free();
            Files.writeString(dir.resolve("session-farm.conf"), substitute(Files.readString(reference()), nodes, port));
            Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log notice;
                events { worker_connections 256; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/session-farm.conf;
                }
                """.formatted(dir));
            ChildProcess process = ChildProcess.command(binary().toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString()).log(dir.resolve("stdout.log")).lifeline("TERM").start();
            Leftovers.track(process.handle());
            Nginx nginx = new Nginx(process, dir, port);
            nginx.awaitServing();
            return nginx;
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static Path reference()
    {
        return Path.of(System.getProperty("sessionfarm.nginx.conf", "../deploy/nginx/session-farm.conf"));
    }

    /** The reference file with its upstream servers pointed at the nodes and its listener at {@code port}. */
    static String substitute(String reference, List<Node> nodes, int port)
    {
        Matcher servers = UPSTREAM_SERVER.matcher(reference);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (servers.find())
        {
            if (i >= nodes.size())
                throw new IllegalStateException("the reference configuration has more upstream servers than the farm "
                    + "has nodes (" + nodes.size() + ")");
            servers.appendReplacement(out, "server " + nodes.get(i++).address());
        }
        servers.appendTail(out);
        if (i != nodes.size())
            throw new IllegalStateException(
                "the reference configuration names " + i + " upstream servers, the farm has "
                    + nodes.size() + " nodes");
        Matcher listen = LISTEN.matcher(out);
        if (!listen.find())
            throw new IllegalStateException("no 'listen 127.0.0.1:PORT;' in the reference configuration");
        return listen.replaceFirst("listen 127.0.0.1:" + port + ";");
    }

    private void awaitServing()
    {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(IOException.class).until(() ->
        {
            if (!process.isAlive())
                throw new IllegalStateException(
                    "nginx exited with code " + process.exitCode().orElseThrow() + ": " + errors());
            return http.send(HttpRequest.newBuilder(uri().resolve("/nginx-health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        });
    }

    private String errors() throws IOException
    {
        return process.tail() + "\n" + (Files.exists(directory.resolve("error.log"))
            ? Files.readString(directory.resolve("error.log")) : "");
    }

    public URI uri()
    {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    @Override
    public void close()
    {
        process.stop();
        process.close();
    }
}
