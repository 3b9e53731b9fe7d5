package io.lro4j.drivers.pcap;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A capture file that is not valid classic pcap, or ends in the middle of a record. The message names the
 * file and the byte offset of the fault; everything read before it was valid.
 */
public final class PcapFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /**
     * @param file the capture file
     * @param offset byte offset of the fault
     * @param problem what is wrong there
     */
    public PcapFormatException(final Path file, final long offset, final String problem) {
        super(file + ": " + problem + " at byte offset " + offset);
        this.file = file;
        this.offset = offset;
    }

    /** @return the capture file */
    public Path file() {
        return file;
    }

    /** @return the byte offset of the fault */
    public long offset() {
        return offset;
    }
}
