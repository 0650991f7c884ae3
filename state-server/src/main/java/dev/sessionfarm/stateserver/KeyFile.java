package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import dev.sessionfarm.stateprotocol.SharedKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The --key-file, re-read when it changes, so a key rotation needs no restart: add the new key to the file, move
 * the nodes to it, then remove the old one. New connections authenticate against the keys read last; connections
 * already authenticated stay open. A file that no longer parses, or that others can now read (unless
 * --allow-readable-key-file), is logged and ignored: the keys in force stay.
 */
final class KeyFile
{
    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);

    private final Path path;
    private final boolean allowReadable;
    private volatile SharedKeys keys;
    private volatile FileTime readAt;

    private KeyFile(Path path, boolean allowReadable, SharedKeys keys, FileTime readAt)
    {
        this.path = path;
        this.allowReadable = allowReadable;
        this.keys = keys;
        this.readAt = readAt;
    }

    /** @throws IOException or IllegalArgumentException when the file cannot be used at start */
    static KeyFile open(Path path, boolean allowReadable) throws IOException
    {
        FileTime modified = Files.getLastModifiedTime(path);
        return new KeyFile(path, allowReadable, SharedKeys.read(path, allowReadable), modified);
    }

    SharedKeys keys()
    {
        return keys;
    }

    /** Called periodically by the server's maintenance. */
    void reloadIfChanged()
    {
        try
        {
            FileTime modified = Files.getLastModifiedTime(path);
            if (modified.equals(readAt))
            {
                return;
            }
            readAt = modified;
            keys = SharedKeys.read(path, allowReadable);
            LOG.info("key file {} changed: now accepting {} key(s)", path, keys.all().size());
        }
        catch (IOException | IllegalArgumentException e)
        {
            LOG.error("key file {} changed but cannot be used ({}); the keys read before stay in force",
                path, e.getMessage());
        }
    }
}
