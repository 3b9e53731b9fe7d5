package io.lro4j.drivers.pcap;

import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PieceConsumer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a classic libpcap capture, little-endian, with microsecond or nanosecond timestamps.
 *
 * <p>{@link #write(Packet)} writes a packet's pieces (head, fragments, frag list) straight from their
 * buffers through a staging buffer, so an aggregate is never linearized and nothing is allocated per packet.
 */
public final class PcapWriter implements AutoCloseable {

    /** Snapshot length written in the header: large enough for any IP packet up to 64 KiB plus headers. */
    public static final int SNAP_LENGTH = 262_144;

    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;

    private final Path file;
    private final FileChannel channel;
    private final boolean nanosecond;
    private final boolean ethernet;
    private final ByteBuffer staging = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final PieceConsumer copier = this::stage;
    private long packets;
    private long bytes;

    private PcapWriter(final Path file, final FileChannel channel, final boolean nanosecond, final boolean ethernet) {
        this.file = file;
        this.channel = channel;
        this.nanosecond = nanosecond;
        this.ethernet = ethernet;
    }

    /**
     * Creates (or replaces) a capture file and writes its header.
     *
     * @param file where to write
     * @param linkType the link type of the frames
     * @param nanosecond true for nanosecond timestamps, false for microseconds
     * @return the writer
     * @throws IOException if the file cannot be written
     */
    public static PcapWriter create(final Path file, final LinkType linkType, final boolean nanosecond)
            throws IOException {
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        final PcapWriter w = new PcapWriter(file, channel, nanosecond, linkType.ethernet());
        w.staging.putInt(nanosecond ? MAGIC_NANOS : MAGIC_MICROS).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(SNAP_LENGTH).putInt(linkType.value());
        return w;
    }

    /**
     * Writes a packet as one record with its receive timestamp, as a capture shows it: on an Ethernet link a
     * hardware-extracted VLAN tag is put back after the MAC addresses ({@link Packet#toFrameBytes()}).
     *
     * @param packet the packet (not released)
     * @throws UncheckedIOException if the file cannot be written
     */
    public void write(final Packet packet) {
        final int macs = Packet.MAC_ADDRESSES_LENGTH;
        if (!ethernet || !packet.hasVlanTag() || packet.length() < macs) {
            recordHeader(packet.length(), packet.timestampNanos());
            packet.forEachPiece(copier);
            return;
        }
        recordHeader(packet.length() + Packet.VLAN_TAG_LENGTH, packet.timestampNanos());
        ensure(macs + Packet.VLAN_TAG_LENGTH);
        final int at = staging.position();
        packet.copyRange(0, macs, staging, at);
        staging.put(at + macs, (byte) 0x81).put(at + macs + 1, (byte) 0x00) // TPID 0x8100, TCI: network order
                .put(at + macs + 2, (byte) (packet.vlanTci() >>> 8)).put(at + macs + 3, (byte) packet.vlanTci())
                .position(at + macs + Packet.VLAN_TAG_LENGTH);
        for (int from = macs; from < packet.length(); ) {
            if (!staging.hasRemaining()) {
                drain();
            }
            final int n = Math.min(packet.length() - from, staging.remaining());
            packet.copyRange(from, n, staging, staging.position());
            staging.position(staging.position() + n);
            from += n;
        }
    }

    /**
     * Writes bytes as one record.
     *
     * @param frame buffer holding the frame
     * @param offset absolute index of its first byte
     * @param length its length
     * @param timestampNanos its timestamp in nanoseconds since the epoch
     * @throws UncheckedIOException if the file cannot be written
     */
    public void write(final ByteBuffer frame, final int offset, final int length, final long timestampNanos) {
        recordHeader(length, timestampNanos);
        stage(frame, offset, length);
    }

    private void recordHeader(final int length, final long timestampNanos) {
        ensure(16);
        final long seconds = Math.floorDiv(timestampNanos, 1_000_000_000L);
        final long nanos = Math.floorMod(timestampNanos, 1_000_000_000L);
        staging.putInt((int) seconds).putInt((int) (nanosecond ? nanos : nanos / 1_000)).putInt(length).putInt(length);
        packets++;
        bytes += length;
    }

    private void stage(final ByteBuffer buffer, final int offset, final int length) {
        int at = offset;
        int left = length;
        while (left > 0) {
            if (!staging.hasRemaining()) {
                drain();
            }
            final int n = Math.min(left, staging.remaining());
            staging.put(staging.position(), buffer, at, n);
            staging.position(staging.position() + n);
            at += n;
            left -= n;
        }
    }

    private void ensure(final int bytesNeeded) {
        if (staging.remaining() < bytesNeeded) {
            drain();
        }
    }

    private void drain() {
        staging.flip();
        try {
            while (staging.hasRemaining()) {
                channel.write(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        staging.clear();
    }

    /** @return records written */
    public long packets() {
        return packets;
    }

    /** @return frame bytes written (record headers excluded) */
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() throws IOException {
        try {
            drain();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            channel.close();
        }
    }
}
