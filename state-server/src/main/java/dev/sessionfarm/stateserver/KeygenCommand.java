package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

import dev.sessionfarm.stateprotocol.SharedKeys;

/** {@code state-server keygen --out FILE}: a new random 256-bit key, in a file only its owner can read. */
final class KeygenCommand
{
    static final String HELP = """
        Usage: state-server keygen --out FILE [--force]

        Writes a new random 256-bit shared key (base64, one line) to FILE with mode 600.
        Give the same file to the server (--key-file) and to every node.

          --out FILE    where to write the key (refuses to overwrite an existing file)
          --force       overwrite FILE if it exists

        To rotate keys without downtime: put the new key on the first line and keep the old
        one on the next line on the server, move the nodes to the new key, then drop the old line.
        """;

    private KeygenCommand()
    {
    }

    static int run(String[] args, int from, PrintStream out)
    {
        if (ServeOptions.wantsHelp(args, from))
        {
            out.print(HELP);
            return 0;
        }
        CommandLine line = CommandLine.parse(args, from, Set.of("out"), Set.of("force", "help"), "keygen");
        Path file = Path.of(line.require("out", "keygen"));
        String key = SharedKeys.generateEncoded(new SecureRandom()) + "\n";
        try
        {
            if (line.has("force"))
            {
                Files.deleteIfExists(file);
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        }
        catch (FileAlreadyExistsException e)
        {
            throw new CommandLine.UsageException(file + " already exists; pass --force to replace it (every node"
                + " and the server must then get the new file)");
        }
        catch (IOException | UnsupportedOperationException e)
        {
            throw new CommandLine.UsageException("cannot write " + file + ": " + e.getMessage());
        }
        out.println("wrote a new 256-bit key to " + file + " (mode 600)");
        return 0;
    }
}
