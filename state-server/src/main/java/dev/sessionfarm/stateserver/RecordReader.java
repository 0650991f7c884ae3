package dev.sessionfarm.stateserver;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads checksummed records from a log or snapshot file. It never allocates more than the file still holds, so a
 * corrupt length cannot exhaust memory, and it reports where the last good record ended so a torn tail can be cut.
 */
final class RecordReader {

    /** The file ends here; anything after {@link #offset()} is damaged. */
    static final class CorruptRecordException extends IOException {

        private static final long serialVersionUID = 1L;

        CorruptRecordException(String message) {
            super(message);
        }
    }

    private final DataInputStream in;
    private final long fileSize;
    private long offset;

    RecordReader(InputStream in, long startOffset, long fileSize) {
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        this.offset = startOffset;
        this.fileSize = fileSize;
    }

    /** The end of the last complete, intact record. */
    long offset() {
        return offset;
    }

    /** The next record's body, or null at a clean end of file. */
    byte[] next() throws IOException {
        if (offset == fileSize) {
            return null;
        }
        long left = fileSize - offset;
        if (left < LogRecords.HEADER_BYTES) {
            throw new CorruptRecordException("incomplete record header");
        }
        int length = in.readInt();
        int crc = in.readInt();
        if (length <= 0 || length > left - LogRecords.HEADER_BYTES) {
            throw new CorruptRecordException("record length " + length + " does not fit in the "
                    + (left - LogRecords.HEADER_BYTES) + " bytes left");
        }
        byte[] body = new byte[length];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new CorruptRecordException("file shorter than it was when opened");
        }
        if (LogRecords.crc(body, 0, length) != crc) {
            throw new CorruptRecordException("checksum mismatch");
        }
        offset += LogRecords.HEADER_BYTES + length;
        return body;
    }
}
