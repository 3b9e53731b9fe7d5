package io.lro4j.api.header;

import java.nio.ByteBuffer;

/**
 * A reusable view of a TCP header (RFC 9293) over a big-endian buffer, with the aligned timestamp
 * option that LRO cares about.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             | 12
 * |       |       |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        | 16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     NOP       |     NOP       |  Kind = 8     |  Length = 10  | 20  (aligned timestamp,
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      RFC 7323 appendix A)
 * |                        TS Value (TSval)                       | 24
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     TS Echo Reply (TSecr)                     | 28
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>One instance is {@link #wrap wrapped} over successive packets; it never copies or allocates.
 */
public final class TcpHeader extends HeaderView {

    /** Offset of the source port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = 4;
    /** Offset of the acknowledgment number. */
    public static final int ACK_OFFSET = 8;
    /** Offset of the data offset nibble. */
    public static final int DATA_OFFSET_OFFSET = 12;
    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = 13;
    /** Offset of the window. */
    public static final int WINDOW_OFFSET = 14;
    /** Offset of the checksum, relative to the header: the {@code csum_offset} of a PARTIAL packet. */
    public static final int CHECKSUM_OFFSET = 16;
    /** Offset of the urgent pointer. */
    public static final int URGENT_OFFSET = 18;
    /** Offset of the first option byte. */
    public static final int OPTIONS_OFFSET = 20;
    /** Offset of TSval when the header carries the aligned timestamp option. */
    public static final int TSVAL_OFFSET = 24;
    /** Offset of TSecr when the header carries the aligned timestamp option. */
    public static final int TSECR_OFFSET = 28;
    /** Length of a header without options. */
    public static final int MIN_LENGTH = 20;
    /** Length of a header with exactly the aligned timestamp option (doff 8). */
    public static final int LENGTH_WITH_TIMESTAMP = 32;
    /** Largest header length (doff 15). */
    public static final int MAX_LENGTH = 60;
    /** The first option word of the aligned timestamp layout: NOP, NOP, kind 8, length 10. */
    public static final int ALIGNED_TIMESTAMP_WORD = 0x0101080A;

    /** FIN flag. */
    public static final int FIN = 0x01;
    /** SYN flag. */
    public static final int SYN = 0x02;
    /** RST flag. */
    public static final int RST = 0x04;
    /** PSH flag. */
    public static final int PSH = 0x08;
    /** ACK flag. */
    public static final int ACK = 0x10;
    /** URG flag. */
    public static final int URG = 0x20;
    /** ECE flag. */
    public static final int ECE = 0x40;
    /** CWR flag. */
    public static final int CWR = 0x80;

    /** Creates a view; {@link #wrap wrap} it before use. */
    public TcpHeader() {
        // views are created once and re-pointed with wrap()
    }

    /**
     * Points this view at the header that starts at {@code offset}.
     *
     * @param buffer a big-endian buffer
     * @param offset absolute index of the first byte of the header
     * @return this view
     */
    public TcpHeader wrap(final ByteBuffer buffer, final int offset) {
        point(buffer, offset);
        return this;
    }

    /** @return the source port */
    public int sourcePort() {
        return buffer.getShort(offset + SOURCE_PORT_OFFSET) & 0xFFFF;
    }

    /** @return the destination port */
    public int destinationPort() {
        return buffer.getShort(offset + DESTINATION_PORT_OFFSET) & 0xFFFF;
    }

    /** @return both ports as one word: source in the upper 16 bits */
    public int ports() {
        return buffer.getInt(offset + SOURCE_PORT_OFFSET);
    }

    /** @return the sequence number (a 32-bit serial number; compare with {@link #after}) */
    public int sequence() {
        return buffer.getInt(offset + SEQUENCE_OFFSET);
    }

    /** @return the acknowledgment number */
    public int ack() {
        return buffer.getInt(offset + ACK_OFFSET);
    }

    /** @return the header length in bytes (data offset * 4) */
    public int headerLength() {
        return ((buffer.get(offset + DATA_OFFSET_OFFSET) & 0xFF) >>> 4) * 4;
    }

    /** @return the eight flag bits CWR..FIN */
    public int flags() {
        return buffer.get(offset + FLAGS_OFFSET) & 0xFF;
    }

    /** @return the 32-bit word of data offset, reserved bits, flags and window (Linux's {@code tcp_flag_word}) */
    public int flagWord() {
        return buffer.getInt(offset + DATA_OFFSET_OFFSET);
    }

    /** @return the window */
    public int window() {
        return buffer.getShort(offset + WINDOW_OFFSET) & 0xFFFF;
    }

    /** @return the checksum field */
    public int checksum() {
        return buffer.getShort(offset + CHECKSUM_OFFSET) & 0xFFFF;
    }

    /** @return the urgent pointer */
    public int urgentPointer() {
        return buffer.getShort(offset + URGENT_OFFSET) & 0xFFFF;
    }

    /** @return true if the header is exactly 32 bytes and its options are NOP, NOP, TS */
    public boolean hasAlignedTimestamp() {
        return headerLength() == LENGTH_WITH_TIMESTAMP
                && buffer.getInt(offset + OPTIONS_OFFSET) == ALIGNED_TIMESTAMP_WORD;
    }

    /** @return TSval; only meaningful when {@link #hasAlignedTimestamp()} */
    public int tsval() {
        return buffer.getInt(offset + TSVAL_OFFSET);
    }

    /** @return TSecr; only meaningful when {@link #hasAlignedTimestamp()} */
    public int tsecr() {
        return buffer.getInt(offset + TSECR_OFFSET);
    }

    /**
     * The unfolded sum of the whole header (its checksum field included).
     *
     * @return the partial sum over {@link #headerLength()} bytes
     */
    public long headerSum() {
        return InternetChecksum.sum(buffer, offset, headerLength(), 0);
    }

    /**
     * Sets the sequence number.
     *
     * @param sequence the sequence number
     * @return this view
     */
    public TcpHeader sequence(final int sequence) {
        buffer.putInt(offset + SEQUENCE_OFFSET, sequence);
        return this;
    }

    /**
     * Sets the acknowledgment number.
     *
     * @param ack the acknowledgment number
     * @return this view
     */
    public TcpHeader ack(final int ack) {
        buffer.putInt(offset + ACK_OFFSET, ack);
        return this;
    }

    /**
     * Sets the flags byte.
     *
     * @param flags the eight flag bits
     * @return this view
     */
    public TcpHeader flags(final int flags) {
        buffer.put(offset + FLAGS_OFFSET, (byte) flags);
        return this;
    }

    /**
     * Sets the window.
     *
     * @param window the window
     * @return this view
     */
    public TcpHeader window(final int window) {
        buffer.putShort(offset + WINDOW_OFFSET, (short) window);
        return this;
    }

    /**
     * Sets the checksum field.
     *
     * @param checksum the checksum field value
     * @return this view
     */
    public TcpHeader checksum(final int checksum) {
        buffer.putShort(offset + CHECKSUM_OFFSET, (short) checksum);
        return this;
    }

    /**
     * Sets TSecr; only valid when {@link #hasAlignedTimestamp()}.
     *
     * @param tsecr the echoed timestamp
     * @return this view
     */
    public TcpHeader tsecr(final int tsecr) {
        buffer.putInt(offset + TSECR_OFFSET, tsecr);
        return this;
    }

    /**
     * Writes the fixed 20 bytes of a header; options, if any, are written by the caller.
     *
     * @param sourcePort source port
     * @param destinationPort destination port
     * @param sequence sequence number
     * @param ack acknowledgment number
     * @param headerLength header length in bytes, a multiple of 4 from 20 to 60
     * @param flags flag bits
     * @param window window
     * @return this view (checksum and urgent pointer zeroed)
     */
    public TcpHeader write(final int sourcePort, final int destinationPort, final int sequence, final int ack,
            final int headerLength, final int flags, final int window) {
        buffer.putShort(offset + SOURCE_PORT_OFFSET, (short) sourcePort);
        buffer.putShort(offset + DESTINATION_PORT_OFFSET, (short) destinationPort);
        buffer.putInt(offset + SEQUENCE_OFFSET, sequence);
        buffer.putInt(offset + ACK_OFFSET, ack);
        buffer.put(offset + DATA_OFFSET_OFFSET, (byte) ((headerLength / 4) << 4));
        buffer.put(offset + FLAGS_OFFSET, (byte) flags);
        buffer.putShort(offset + WINDOW_OFFSET, (short) window);
        buffer.putInt(offset + CHECKSUM_OFFSET, 0);
        return this;
    }

    /**
     * Writes the aligned timestamp option (NOP, NOP, TS) after the fixed header.
     *
     * @param tsval the timestamp value
     * @param tsecr the echoed timestamp
     * @return this view
     */
    public TcpHeader writeAlignedTimestamp(final int tsval, final int tsecr) {
        buffer.putInt(offset + OPTIONS_OFFSET, ALIGNED_TIMESTAMP_WORD);
        buffer.putInt(offset + TSVAL_OFFSET, tsval);
        buffer.putInt(offset + TSECR_OFFSET, tsecr);
        return this;
    }

    /**
     * Serial-number comparison (RFC 1982, Linux's {@code after(a, b)}): whether {@code a} comes after
     * {@code b} modulo 2^32.
     *
     * @param a a sequence or timestamp value
     * @param b another one
     * @return true if {@code a} is after {@code b}
     */
    public static boolean after(final int a, final int b) {
        return b - a < 0;
    }
}
