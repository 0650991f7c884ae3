package dev.sessionfarm.stateprotocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The shared secret (the "machineKey") that clients and server prove to each other. A key file holds one
 * base64 key per line; blank lines and lines starting with '#' are ignored. Several keys allow rotation: the
 * server accepts a proof made with any of them, a client proves with the first. Keys never cross the wire.
 */
public final class SharedKeys
{
    /** Shorter keys are refused: a guessable key would make the whole authentication decorative. */
    public static final int MIN_KEY_BYTES = 16;
    public static final int GENERATED_KEY_BYTES = 32;

    private final List<byte[]> keys;

    private SharedKeys(List<byte[]> keys)
    {
        if (keys.isEmpty())
        {
            throw new IllegalArgumentException("no keys");
        }
        this.keys = List.copyOf(keys);
    }

    public static SharedKeys of(byte[]... keys)
    {
        List<byte[]> copies = new ArrayList<>();
        for (byte[] key : keys)
        {
            checkLength(key.length, "key");
            copies.add(key.clone());
        }
        return new SharedKeys(copies);
    }

    /**
     * Reads a key file.
     *
     * @throws IllegalArgumentException naming the file and line when the content is not a valid key list
     */
    public static SharedKeys read(Path file) throws IOException
    {
        return read(file, false);
    }

    /**
     * Reads a key file; unless {@code allowReadableByOthers}, first refuses one that group or others can read,
     * since anyone who can read the key can read and change every session.
     *
     * @throws IllegalArgumentException naming the file and the fix when it is readable by others, or naming the
     *                                  file and line when the content is not a valid key list
     */
    public static SharedKeys read(Path file, boolean allowReadableByOthers) throws IOException
    {
        if (!allowReadableByOthers)
        {
            checkPrivate(file);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            byte[] key;
            try
            {
                key = Base64.getDecoder().decode(line);
            }
            catch (IllegalArgumentException e)
            {
                throw new IllegalArgumentException("key file " + file + " line " + (i + 1)
                    + " is not base64; generate a key with `state-server keygen --out FILE`", e);
            }
            checkLength(key.length, "key file " + file + " line " + (i + 1));
            keys.add(key);
        }
        if (keys.isEmpty())
        {
            throw new IllegalArgumentException("key file " + file
                + " holds no key; generate one with `state-server keygen --out FILE`");
        }
        return new SharedKeys(keys);
    }

    /** A new random key, base64-encoded, as one line of a key file. */
    public static String generateEncoded(SecureRandom random)
    {
        byte[] key = new byte[GENERATED_KEY_BYTES];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The key a client proves with. */
    public byte[] primary()
    {
        return keys.get(0);
    }

    /** Every accepted key, primary first. */
    public List<byte[]> all()
    {
        return keys;
    }

    @Override
    public String toString()
    {
        return keys.size() + " shared key(s)";
    }

    private static void checkPrivate(Path file) throws IOException
    {
        Set<PosixFilePermission> permissions;
        try
        {
            permissions = Files.getPosixFilePermissions(file);
        }
        catch (UnsupportedOperationException notPosix)
        {
            return;
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)
            || permissions.contains(PosixFilePermission.OTHERS_READ))
        {
            throw new IllegalArgumentException("key file " + file + " can be read by other users (permissions "
                + PosixFilePermissions.toString(permissions) + "); anyone who reads it can read and change every"
                + " session. Make it private with `chmod 600 " + file + "`, or, if others must read it, allow"
                + " that explicitly (state server: --allow-readable-key-file; nodes:"
                + " session.stateServerAllowReadableKeyFile=true)");
        }
    }

    private static void checkLength(int length, String what)
    {
        if (length < MIN_KEY_BYTES)
        {
            throw new IllegalArgumentException(what + " is " + length + " bytes; at least " + MIN_KEY_BYTES
                + " are required (`state-server keygen` makes " + GENERATED_KEY_BYTES + ")");
        }
    }
}
