package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.Callable;

import dev.sessionfarm.model.cli.Commands;
import dev.sessionfarm.stateprotocol.SharedKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code state-server keygen --out FILE}: a new random 256-bit key, in a file only its owner can read. */
@Command(name = "keygen", sortOptions = false, header = "Write a new random shared key file.", description = {
    "Writes a new random 256-bit shared key (base64, one line) to FILE with mode 600.",
    "Give the same file to the server (--key-file) and to every node."}, footer = {"",
        "To rotate keys without downtime: put the new key on the first line and keep the old",
        "one on the next line on the server, move the nodes to the new key, then drop the old line."})
final class KeygenCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write the key (refuses to overwrite an existing file)")
    Path file;

    @Option(names = "--force", description = "overwrite FILE if it exists")
    boolean force;

    @Override
    public Integer call()
    {
        String key = SharedKeys.generateEncoded(new SecureRandom()) + "\n";
        try
        {
            if (force)
            {
                Files.deleteIfExists(file);
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        }
        catch (FileAlreadyExistsException e)
        {
            throw Commands.usageError(spec, file + " already exists; pass --force to replace it (every node"
                + " and the server must then get the new file)");
        }
        catch (IOException | UnsupportedOperationException e)
        {
            throw Commands.usageError(spec, "cannot write " + file + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println("wrote a new 256-bit key to " + file + " (mode 600)");
        return Commands.OK;
    }
}
