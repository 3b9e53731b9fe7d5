package io.lro4j.api.header;

import java.nio.ByteBuffer;

/**
 * A reusable view of an IPv4 header (RFC 791) over a big-endian buffer.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |  DSCP     |ECN|          Total Length         |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |R|D|M|     Fragment Offset     |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          | 12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        | 16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL > 5)                          | 20
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>One instance is {@link #wrap wrapped} over successive packets; it never copies or allocates.
 * Getters return unsigned values; reads are absolute and bounds-checked by the buffer.
 */
public final class Ipv4Header extends HeaderView {

    /** Offset of version and IHL. */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Offset of the TOS byte (DSCP and ECN). */
    public static final int TOS_OFFSET = 1;
    /** Offset of the total length. */
    public static final int TOTAL_LENGTH_OFFSET = 2;
    /** Offset of the identification. */
    public static final int ID_OFFSET = 4;
    /** Offset of the flags and fragment offset. */
    public static final int FRAGMENT_OFFSET = 6;
    /** Offset of the TTL. */
    public static final int TTL_OFFSET = 8;
    /** Offset of the protocol. */
    public static final int PROTOCOL_OFFSET = 9;
    /** Offset of the header checksum. */
    public static final int CHECKSUM_OFFSET = 10;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = 12;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = 16;
    /** Length of a header without options. */
    public static final int MIN_LENGTH = 20;
    /** Largest header length (IHL 15). */
    public static final int MAX_LENGTH = 60;
    /** Largest total length. */
    public static final int MAX_TOTAL_LENGTH = 0xFFFF;

    /** The Don't Fragment bit within the flags/fragment-offset word. */
    public static final int FLAG_DF = 0x4000;
    /** The More Fragments bit within the flags/fragment-offset word. */
    public static final int FLAG_MF = 0x2000;
    /** Mask of the fragment offset within the flags/fragment-offset word. */
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
    /** ECN codepoint: Congestion Experienced. */
    public static final int ECN_CE = 3;
    /** The version/IHL byte of a header without options. */
    public static final int VERSION_IHL_NO_OPTIONS = 0x45;

    /** Creates a view; {@link #wrap wrap} it before use. */
    public Ipv4Header() {
        // views are created once and re-pointed with wrap()
    }

    /**
     * Points this view at the header that starts at {@code offset}.
     *
     * @param buffer a big-endian buffer
     * @param offset absolute index of the first byte of the header
     * @return this view
     */
    public Ipv4Header wrap(final ByteBuffer buffer, final int offset) {
        point(buffer, offset);
        return this;
    }

    /** @return the IP version nibble */
    public int version() {
        return (buffer.get(offset) & 0xFF) >>> 4;
    }

    /** @return the header length in bytes (IHL * 4) */
    public int headerLength() {
        return (buffer.get(offset) & 0x0F) * 4;
    }

    /** @return the TOS byte: DSCP in the upper six bits, ECN in the lower two */
    public int tos() {
        return buffer.get(offset + TOS_OFFSET) & 0xFF;
    }

    /** @return the ECN codepoint */
    public int ecn() {
        return buffer.get(offset + TOS_OFFSET) & 0x03;
    }

    /** @return the total length */
    public int totalLength() {
        return buffer.getShort(offset + TOTAL_LENGTH_OFFSET) & 0xFFFF;
    }

    /** @return the identification */
    public int id() {
        return buffer.getShort(offset + ID_OFFSET) & 0xFFFF;
    }

    /** @return the flags and fragment offset word */
    public int fragmentWord() {
        return buffer.getShort(offset + FRAGMENT_OFFSET) & 0xFFFF;
    }

    /** @return true if MF is set or the fragment offset is non-zero */
    public boolean isFragment() {
        return (fragmentWord() & (FLAG_MF | FRAGMENT_OFFSET_MASK)) != 0;
    }

    /** @return true if DF is set */
    public boolean dontFragment() {
        return (fragmentWord() & FLAG_DF) != 0;
    }

    /** @return the time to live */
    public int ttl() {
        return buffer.get(offset + TTL_OFFSET) & 0xFF;
    }

    /** @return the protocol number */
    public int protocol() {
        return buffer.get(offset + PROTOCOL_OFFSET) & 0xFF;
    }

    /** @return the header checksum field */
    public int checksum() {
        return buffer.getShort(offset + CHECKSUM_OFFSET) & 0xFFFF;
    }

    /** @return the source address as an unsigned 32-bit value */
    public long source() {
        return buffer.getInt(offset + SOURCE_OFFSET) & 0xFFFF_FFFFL;
    }

    /** @return the destination address as an unsigned 32-bit value */
    public long destination() {
        return buffer.getInt(offset + DESTINATION_OFFSET) & 0xFFFF_FFFFL;
    }

    /** @return the unfolded sum of the source and destination addresses, for the TCP pseudo-header */
    public long addressSum() {
        final long src = source();
        final long dst = destination();
        return (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF);
    }

    /** @return true if the header checksum over {@link #headerLength()} bytes verifies */
    public boolean checksumValid() {
        return InternetChecksum.verifies(InternetChecksum.sum(buffer, offset, headerLength(), 0));
    }

    /**
     * Sets the total length.
     *
     * @param totalLength the new total length
     * @return this view
     */
    public Ipv4Header totalLength(final int totalLength) {
        buffer.putShort(offset + TOTAL_LENGTH_OFFSET, (short) totalLength);
        return this;
    }

    /**
     * Sets the identification.
     *
     * @param id the new identification
     * @return this view
     */
    public Ipv4Header id(final int id) {
        buffer.putShort(offset + ID_OFFSET, (short) id);
        return this;
    }

    /**
     * Recomputes and stores the header checksum over {@link #headerLength()} bytes.
     *
     * @return this view
     */
    public Ipv4Header updateChecksum() {
        buffer.putShort(offset + CHECKSUM_OFFSET, (short) 0);
        final int sum = InternetChecksum.finish(InternetChecksum.sum(buffer, offset, headerLength(), 0));
        buffer.putShort(offset + CHECKSUM_OFFSET, (short) sum);
        return this;
    }

    /**
     * Writes a complete 20-byte header; the checksum is computed.
     *
     * @param tos the TOS byte
     * @param totalLength the total length
     * @param id the identification
     * @param fragmentWord flags and fragment offset
     * @param ttl the time to live
     * @param protocol the protocol number
     * @param source the source address
     * @param destination the destination address
     * @return this view
     */
    public Ipv4Header write(final int tos, final int totalLength, final int id, final int fragmentWord,
            final int ttl, final int protocol, final long source, final long destination) {
        buffer.put(offset, (byte) VERSION_IHL_NO_OPTIONS);
        buffer.put(offset + TOS_OFFSET, (byte) tos);
        buffer.putShort(offset + TOTAL_LENGTH_OFFSET, (short) totalLength);
        buffer.putShort(offset + ID_OFFSET, (short) id);
        buffer.putShort(offset + FRAGMENT_OFFSET, (short) fragmentWord);
        buffer.put(offset + TTL_OFFSET, (byte) ttl);
        buffer.put(offset + PROTOCOL_OFFSET, (byte) protocol);
        buffer.putInt(offset + SOURCE_OFFSET, (int) source);
        buffer.putInt(offset + DESTINATION_OFFSET, (int) destination);
        return updateChecksum();
    }
}
