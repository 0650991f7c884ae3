package dev.sessionfarm.e2e.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A form POST sent all but its last byte, then held: the node has the request and has started on it (it loads the
 * session before it reads the form) but cannot finish it until {@link #finish()} sends the rest. Plain HTTP/1.1
 * over a socket, because no HTTP client lets a test stop half-way through a body.
 */
public final class HeldPost implements AutoCloseable
{
    private final Socket socket;
    private final byte[] body;
    private final String path;
    private final long start = System.nanoTime();

    private HeldPost(Socket socket, byte[] body, String path)
    {
        this.socket = socket;
        this.body = body;
        this.path = path;
    }

    public static HeldPost begin(URI node, String path, String sessionCookie, String form)
    {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        try
        {
            Socket socket = new Socket(node.getHost(), node.getPort());
            socket.setSoTimeout(30_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + node.getAuthority() + "\r\n"
                + "Cookie: " + HttpUser.COOKIE + "=" + sessionCookie + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length - 1);
            out.flush();
            return new HeldPost(socket, body, path);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("Cannot begin POST " + path + " to " + node, e);
        }
    }

    /** Sends the last byte and reads the whole answer. */
    public Reply finish()
    {
        try
        {
            OutputStream out = socket.getOutputStream();
            out.write(body, body.length - 1, 1);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
        catch (IOException e)
        {
            return new Reply("POST", path, -1, e.toString(), null, "", start, System.nanoTime());
        }
        finally
        {
            close();
        }
    }

    private Reply parse(byte[] raw) throws IOException
    {
        String text = new String(raw, StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        if (split < 0)
            throw new IOException("not an HTTP answer: " + text);
        String[] head = text.substring(0, split).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        String node = "";
        String location = null;
        boolean chunked = false;
        for (String header : head)
        {
            String lower = header.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("x-node:"))
                node = header.substring(7).strip();
            else if (lower.startsWith("location:"))
                location = header.substring(9).strip();
            else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked"))
                chunked = true;
        }
        String body = text.substring(split + 4);
        return new Reply("POST", path, status, chunked ? dechunk(body) : body, location, node, start,
            System.nanoTime());
    }

    private static String dechunk(String chunked) throws IOException
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(chunked.getBytes(StandardCharsets.UTF_8));
        while (true)
        {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n')
            {
                if (c < 0)
                    throw new IOException("chunked body ends early");
                if (c != '\r')
                    size.append((char)c);
            }
            int length = Integer.parseInt(size.toString().split(";")[0].strip(), 16);
            if (length == 0)
                return out.toString(StandardCharsets.UTF_8);
            out.write(in.readNBytes(length));
            in.skip(2);
        }
    }

    @Override
    public void close()
    {
        try
        {
            socket.close();
        }
        catch (IOException ignored)
        {
            // nothing left to do with it
        }
    }
}
