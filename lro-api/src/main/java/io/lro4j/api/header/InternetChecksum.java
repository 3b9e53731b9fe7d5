package io.lro4j.api.header;

import java.nio.ByteBuffer;

/**
 * The Internet checksum (RFC 1071): ones' complement sums over big-endian 16-bit words.
 *
 * <p>Partial sums are carried in a {@code long} so that many 32-bit additions can be made before
 * folding; {@link #fold(long)} reduces one to 16 bits. A sum over an odd number of bytes treats the
 * missing last byte as zero, and a block that starts at an odd offset of a larger checksummed region
 * must be byte-swapped ({@link #swapBytes(int)}) before it is added: this is Linux's
 * {@code csum_block_add(sum, sum2, offset)}.
 *
 * <p>All methods are static, allocation-free and use absolute reads only.
 */
public final class InternetChecksum {

    /** The IP protocol number of TCP, as it appears in the pseudo-header. */
    public static final int PROTOCOL_TCP = 6;

    private InternetChecksum() {
    }

    /**
     * Adds the bytes {@code [offset, offset + length)} of {@code buffer} to a partial sum.
     *
     * @param buffer a big-endian buffer
     * @param offset absolute index of the first byte
     * @param length number of bytes; an odd length pads the last byte with a zero byte
     * @param initial the partial sum to add to
     * @return the unfolded partial sum
     */
    public static long sum(final ByteBuffer buffer, final int offset, final int length, final long initial) {
        long sum = initial;
        int i = offset;
        final int end = offset + length;
        final int longEnd = end - 7;
        // Each 64-bit read contributes two 32-bit halves; 2^32 == 1 (mod 0xFFFF), so the halves can be
        // added unfolded and only the final long is reduced.
        while (i < longEnd) {
            final long v = buffer.getLong(i);
            sum += (v >>> 32) + (v & 0xFFFF_FFFFL);
            i += 8;
        }
        if (i + 4 <= end) {
            sum += buffer.getInt(i) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (i + 2 <= end) {
            sum += buffer.getShort(i) & 0xFFFF;
            i += 2;
        }
        if (i < end) {
            sum += (buffer.get(i) & 0xFF) << 8;
        }
        return sum;
    }

    /**
     * Folds a partial sum to 16 bits with end-around carry. The result is never 0 unless the sum is 0.
     *
     * @param sum an unfolded partial sum (non-negative)
     * @return the 16-bit ones' complement sum
     */
    public static int fold(final long sum) {
        long s = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    /**
     * The checksum field value for a partial sum: the ones' complement of the folded sum.
     *
     * @param sum the unfolded sum over everything the checksum covers, the field counted as zero
     * @return the 16-bit value to store in the checksum field
     */
    public static int finish(final long sum) {
        return ~fold(sum) & 0xFFFF;
    }

    /**
     * Swaps the two bytes of a folded 16-bit sum: the sum of a block that starts at an odd offset.
     *
     * @param folded a 16-bit sum
     * @return the byte-swapped sum
     */
    public static int swapBytes(final int folded) {
        return ((folded & 0xFF) << 8) | ((folded >>> 8) & 0xFF);
    }

    /**
     * The ones' complement negation of a folded 16-bit sum ({@code -x} in ones' complement arithmetic).
     *
     * @param folded a 16-bit sum
     * @return its negation
     */
    public static int negate(final int folded) {
        return ~folded & 0xFFFF;
    }

    /**
     * Whether a region whose checksum field is included verifies: its sum folds to {@code 0xFFFF}.
     *
     * @param sum the unfolded sum including the checksum field
     * @return true if the checksum is valid
     */
    public static boolean verifies(final long sum) {
        return fold(sum) == 0xFFFF;
    }

    /**
     * The sum of the IPv4 TCP pseudo-header (source, destination, zero, protocol, TCP length).
     *
     * @param addressSum the sum of the source and destination addresses ({@link Ipv4Header#addressSum()})
     * @param tcpLength the TCP header plus payload length in bytes
     * @return the unfolded pseudo-header sum
     */
    public static long pseudoHeaderSum(final long addressSum, final int tcpLength) {
        return addressSum + PROTOCOL_TCP + tcpLength;
    }
}
