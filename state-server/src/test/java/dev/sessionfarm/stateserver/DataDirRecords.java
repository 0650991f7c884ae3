package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.sessionfarm.stateprotocol.WireReader;

/**
 * Where every record of an intact data directory lies, read with the test's own parser of the documented file
 * format (docs/state-server-protocol.md §6), so the damage test can tell which records a damaged byte range touched
 * without trusting the reader under test. Reads format 1 (SFL1/SFS1) and 2 (SFL2/SFS2).
 */
final class DataDirRecords
{
    /** One PUT record: the session it states, at which version, and the bytes it occupies. */
    record Put(String file, long start, long end, String id, long version)
    {
        boolean overlaps(String damagedFile, long from, long to)
        {
            return file.equals(damagedFile) && start < to && from < end;
        }
    }

    final List<Put> puts = new ArrayList<>();
    final Map<String, Long> sizes = new HashMap<>();
    /** Per session, the record a recovery ends with: its last log record, else its snapshot record. */
    final Map<String, Put> effective = new HashMap<>();
    private final Map<String, Long> lastRecordStart = new HashMap<>();

    static DataDirRecords read(Path dir)
    {
        DataDirRecords records = new DataDirRecords();
        try (Stream<Path> files = Files.list(dir))
        {
            List<Path> sorted = files.filter(f -> f.toString().endsWith(".sfs") || f.toString().endsWith(".sfl"))
                .sorted().toList();
            for (Path file : sorted.stream().filter(f -> f.toString().endsWith(".sfs")).toList())
            {
                records.parse(file);
            }
            for (Path file : sorted.stream().filter(f -> f.toString().endsWith(".sfl")).toList())
            {
                records.parse(file);
            }
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /** Start of the last record of a file, so a damage at or after it is damage at the very end. */
    long lastRecordStart(String file)
    {
        return lastRecordStart.get(file);
    }

    List<Put> inFile(String file)
    {
        return puts.stream().filter(put -> put.file.equals(file)).toList();
    }

    private void parse(Path path) throws IOException
    {
        byte[] bytes = Files.readAllBytes(path);
        String file = path.getFileName().toString();
        sizes.put(file, (long)bytes.length);
        String magic = new String(bytes, 0, 4, StandardCharsets.US_ASCII);
        int headerBytes = switch (magic)
        {
            case "SFL1", "SFS1" -> 12;
            case "SFL2" -> 16;
            case "SFS2" -> 24;
            default -> throw new IllegalStateException(file + ": unknown magic " + magic);
        };
        boolean framed = magic.endsWith("2");
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int offset = headerBytes;
        while (offset < bytes.length)
        {
            int start = offset;
            if (framed)
            {
                offset += 4;
            }
            int length = in.getInt(offset);
            offset += 8;
            byte[] body = Arrays.copyOfRange(bytes, offset, offset + length);
            offset += length;
            lastRecordStart.put(file, (long)start);
            WireReader reader = new WireReader(body, 0, body.length);
            if (reader.u8() != LogRecords.PUT)
            {
                continue;
            }
            reader.string();
            String id = new String(reader.stringBytes(), StandardCharsets.UTF_8);
            reader.metadata();
            Put put = new Put(file, start, offset, id, reader.i64());
            puts.add(put);
            effective.put(id, put);
        }
    }
}
