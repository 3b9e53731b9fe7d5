package io.lro4j.api.header;

import java.nio.ByteBuffer;

/**
 * A reusable view of the fixed IPv6 header (RFC 8200) over a big-endian buffer.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                    Source Address (128 bits)                  +  8
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                 Destination Address (128 bits)                + 24
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Addresses are read as two 64-bit halves. One instance is {@link #wrap wrapped} over successive
 * packets; it never copies or allocates.
 */
public final class Ipv6Header extends HeaderView {

    /** Offset of the version / traffic class / flow label word. */
    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    /** Offset of the payload length. */
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    /** Offset of the next header. */
    public static final int NEXT_HEADER_OFFSET = 6;
    /** Offset of the hop limit. */
    public static final int HOP_LIMIT_OFFSET = 7;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = 8;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = 24;
    /** Length of the fixed header. */
    public static final int LENGTH = 40;
    /** Largest payload length without a jumbogram option. */
    public static final int MAX_PAYLOAD_LENGTH = 0xFFFF;

    /** Creates a view; {@link #wrap wrap} it before use. */
    public Ipv6Header() {
        // views are created once and re-pointed with wrap()
    }

    /**
     * Points this view at the header that starts at {@code offset}.
     *
     * @param buffer a big-endian buffer
     * @param offset absolute index of the first byte of the header
     * @return this view
     */
    public Ipv6Header wrap(final ByteBuffer buffer, final int offset) {
        point(buffer, offset);
        return this;
    }

    /** @return the IP version nibble */
    public int version() {
        return (buffer.get(offset) & 0xFF) >>> 4;
    }

    /** @return the first 32-bit word: version, traffic class and flow label */
    public int versionClassFlow() {
        return buffer.getInt(offset);
    }

    /** @return the traffic class (DSCP and ECN) */
    public int trafficClass() {
        return (buffer.getInt(offset) >>> 20) & 0xFF;
    }

    /** @return the ECN codepoint of the traffic class */
    public int ecn() {
        return trafficClass() & 0x03;
    }

    /** @return the flow label */
    public int flowLabel() {
        return buffer.getInt(offset) & 0xF_FFFF;
    }

    /** @return the payload length */
    public int payloadLength() {
        return buffer.getShort(offset + PAYLOAD_LENGTH_OFFSET) & 0xFFFF;
    }

    /** @return the next header */
    public int nextHeader() {
        return buffer.get(offset + NEXT_HEADER_OFFSET) & 0xFF;
    }

    /** @return the hop limit */
    public int hopLimit() {
        return buffer.get(offset + HOP_LIMIT_OFFSET) & 0xFF;
    }

    /** @return the upper 64 bits of the source address */
    public long sourceHigh() {
        return buffer.getLong(offset + SOURCE_OFFSET);
    }

    /** @return the lower 64 bits of the source address */
    public long sourceLow() {
        return buffer.getLong(offset + SOURCE_OFFSET + 8);
    }

    /** @return the upper 64 bits of the destination address */
    public long destinationHigh() {
        return buffer.getLong(offset + DESTINATION_OFFSET);
    }

    /** @return the lower 64 bits of the destination address */
    public long destinationLow() {
        return buffer.getLong(offset + DESTINATION_OFFSET + 8);
    }

    /** @return the unfolded sum of both addresses, for the TCP pseudo-header */
    public long addressSum() {
        return InternetChecksum.sum(buffer, offset + SOURCE_OFFSET, 32, 0);
    }

    /**
     * Sets the payload length.
     *
     * @param payloadLength the new payload length
     * @return this view
     */
    public Ipv6Header payloadLength(final int payloadLength) {
        buffer.putShort(offset + PAYLOAD_LENGTH_OFFSET, (short) payloadLength);
        return this;
    }

    /**
     * Writes a complete fixed header.
     *
     * @param trafficClass traffic class
     * @param flowLabel flow label (20 bits)
     * @param payloadLength payload length
     * @param nextHeader next header
     * @param hopLimit hop limit
     * @param sourceHigh upper half of the source address
     * @param sourceLow lower half of the source address
     * @param destinationHigh upper half of the destination address
     * @param destinationLow lower half of the destination address
     * @return this view
     */
    public Ipv6Header write(final int trafficClass, final int flowLabel, final int payloadLength,
            final int nextHeader, final int hopLimit, final long sourceHigh, final long sourceLow,
            final long destinationHigh, final long destinationLow) {
        buffer.putInt(offset, (6 << 28) | ((trafficClass & 0xFF) << 20) | (flowLabel & 0xF_FFFF));
        buffer.putShort(offset + PAYLOAD_LENGTH_OFFSET, (short) payloadLength);
        buffer.put(offset + NEXT_HEADER_OFFSET, (byte) nextHeader);
        buffer.put(offset + HOP_LIMIT_OFFSET, (byte) hopLimit);
        buffer.putLong(offset + SOURCE_OFFSET, sourceHigh);
        buffer.putLong(offset + SOURCE_OFFSET + 8, sourceLow);
        buffer.putLong(offset + DESTINATION_OFFSET, destinationHigh);
        buffer.putLong(offset + DESTINATION_OFFSET + 8, destinationLow);
        return this;
    }
}
