package io.lro4j.drivers.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a classic libpcap capture file record by record, without allocating per record.
 *
 * <pre>
 *  global header (24 bytes)                     record header (16 bytes), then caplen bytes
 *  +------------+-------+-------+------+        +--------+----------+--------+---------+------ - -
 *  | magic      | major | minor | zone |        | ts_sec | ts_frac  | caplen | origlen | data ...
 *  | sigfigs    | snaplen       | linktype    | +--------+----------+--------+---------+------ - -
 *  +------------+-------+-------+------+
 * </pre>
 *
 * <p>The four magic numbers are recognised: microsecond ({@code a1b2c3d4}) and nanosecond
 * ({@code a1b23c4d}) resolution, each in either byte order. pcapng is refused with a hint. A record that
 * claims more bytes than are left, or an impossible length, is a {@link PcapFormatException} naming the
 * file and byte offset; the records before it were read normally.
 */
public final class PcapReader implements AutoCloseable {

    /** Largest record accepted regardless of the snapshot length (libpcap's own ceiling is 256 KiB). */
    public static final int MAX_RECORD = 1 << 24;

    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;
    private static final int MAGIC_PCAPNG = 0x0A0D0D0A;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final ByteOrder order;
    private final boolean nanosecond;
    private final int snapLength;
    private final LinkType linkType;
    private final ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
    private ByteBuffer data = ByteBuffer.allocate(65536 + 64);
    private long position = GLOBAL_HEADER;
    private long recordOffset;
    private long records;
    private int capturedLength;
    private int originalLength;
    private long timestampNanos;

    private PcapReader(final Path file, final FileChannel channel, final long size, final ByteOrder order,
            final boolean nanosecond, final int snapLength, final LinkType linkType) {
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.order = order;
        this.nanosecond = nanosecond;
        this.snapLength = snapLength;
        this.linkType = linkType;
        header.order(order);
    }

    /**
     * Opens a capture and reads its global header.
     *
     * @param file the capture file
     * @return a reader positioned before the first record
     * @throws PcapFormatException if the file is not a classic pcap capture of a supported link type
     * @throws IOException if it cannot be read
     */
    public static PcapReader open(final Path file) throws IOException {
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            final long size = channel.size();
            final ByteBuffer g = ByteBuffer.allocate(GLOBAL_HEADER);
            while (g.hasRemaining() && channel.read(g, g.position()) > 0) {
                // read until full or end of file
            }
            if (g.position() < GLOBAL_HEADER) {
                throw new PcapFormatException(file, g.position(), "file too short for a pcap header ("
                        + size + " bytes, 24 needed)");
            }
            final int be = g.getInt(0);
            final int le = Integer.reverseBytes(be);
            final ByteOrder order;
            final boolean nanos;
            if (be == MAGIC_MICROS || be == MAGIC_NANOS) {
                order = ByteOrder.BIG_ENDIAN;
                nanos = be == MAGIC_NANOS;
            } else if (le == MAGIC_MICROS || le == MAGIC_NANOS) {
                order = ByteOrder.LITTLE_ENDIAN;
                nanos = le == MAGIC_NANOS;
            } else if (be == MAGIC_PCAPNG) {
                throw new PcapFormatException(file, 0, "pcapng is not supported; convert it with "
                        + "'editcap -F pcap IN OUT'");
            } else {
                throw new PcapFormatException(file, 0, String.format("not a pcap file (magic %08x)", be));
            }
            g.order(order);
            final int snap = g.getInt(16);
            final int type = g.getInt(20);
            final LinkType linkType = LinkType.of(type).orElseThrow(() -> new PcapFormatException(file, 20,
                    "link type " + (type & 0x0FFF_FFFF) + " is not supported (Ethernet 1, raw IP 101, 228, 229 are)"));
            return new PcapReader(file, channel, size, order, nanos, snap, linkType);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads the next record.
     *
     * @return true if a record was read, false at the end of the file
     * @throws PcapFormatException if the record is truncated or its length is impossible
     * @throws IOException if the file cannot be read
     */
    public boolean next() throws IOException {
        if (position == size) {
            return false;
        }
        recordOffset = position;
        if (size - position < RECORD_HEADER) {
            throw new PcapFormatException(file, position, "truncated record header (" + (size - position)
                    + " of 16 bytes) after record " + records);
        }
        readFully(header.clear(), position);
        final long seconds = header.getInt(0) & 0xFFFF_FFFFL;
        final long fraction = header.getInt(4) & 0xFFFF_FFFFL;
        final int caplen = header.getInt(8);
        final int origlen = header.getInt(12);
        if (caplen < 0 || caplen > Math.max(MAX_RECORD, snapLength)) {
            throw new PcapFormatException(file, position + 8, "record " + (records + 1) + " has an impossible "
                    + "captured length " + Integer.toUnsignedString(caplen));
        }
        if (size - position - RECORD_HEADER < caplen) {
            throw new PcapFormatException(file, position, "truncated record " + (records + 1) + ": its header says "
                    + caplen + " bytes, " + (size - position - RECORD_HEADER) + " remain");
        }
        if (data.capacity() < caplen) {
            data = ByteBuffer.allocate(Integer.highestOneBit(caplen) << 1);
        }
        readFully(data.clear().limit(caplen), position + RECORD_HEADER);
        capturedLength = caplen;
        originalLength = origlen;
        timestampNanos = seconds * 1_000_000_000L + (nanosecond ? fraction : fraction * 1_000L);
        position += RECORD_HEADER + caplen;
        records++;
        return true;
    }

    private void readFully(final ByteBuffer target, final long at) throws IOException {
        long p = at;
        while (target.hasRemaining()) {
            final int n = channel.read(target, p);
            if (n < 0) {
                throw new PcapFormatException(file, p, "file ended while reading");
            }
            p += n;
        }
    }

    /** @return the current record's bytes from index 0 to {@link #capturedLength()} (big-endian, reused) */
    public ByteBuffer data() {
        return data;
    }

    /** @return bytes captured in the current record */
    public int capturedLength() {
        return capturedLength;
    }

    /** @return the frame's length on the wire (at least {@link #capturedLength()} in a full capture) */
    public int originalLength() {
        return originalLength;
    }

    /** @return the current record's timestamp in nanoseconds since the Unix epoch */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** @return byte offset of the current record's header in the file */
    public long recordOffset() {
        return recordOffset;
    }

    /** @return records read so far */
    public long records() {
        return records;
    }

    /** @return the link type */
    public LinkType linkType() {
        return linkType;
    }

    /** @return true if timestamps have nanosecond resolution */
    public boolean nanosecond() {
        return nanosecond;
    }

    /** @return the snapshot length from the file header */
    public int snapLength() {
        return snapLength;
    }

    /** @return the file's byte order */
    public ByteOrder byteOrder() {
        return order;
    }

    /** @return the capture file */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
