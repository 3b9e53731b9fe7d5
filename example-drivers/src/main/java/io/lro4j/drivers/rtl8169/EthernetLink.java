package io.lro4j.drivers.rtl8169;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * One direction of an Ethernet link: when a frame sent at a given time has fully arrived, its frame check
 * sequence, and the minimum-size padding its sender's MAC adds.
 *
 * <p>At a finite rate a frame occupies the link for its preamble and start delimiter (8 bytes), its bytes
 * (padded to the 60-byte minimum), its FCS (4) and the inter-frame gap (12), so back-to-back frames arrive
 * no faster than line rate: a 1514-byte frame every 12.3 µs at 1 Gbit/s. A frame arrives when its last
 * bit has, never before it was sent, never before the previous frame has cleared the link.
 *
 * <p>Simplification: padding is modelled in time and in the receiver's runt check (see
 * {@link Rtl8169Device#receive}), not as bytes: the frame is delivered with the bytes its sender gave, so a
 * replay's output compares byte for byte with its capture. A real receiver hands up the zero padding too
 * and IP trims it.
 */
public final class EthernetLink {

    /** The smallest frame without FCS a MAC sends; shorter frames are padded to it. */
    public static final int MIN_FRAME = 60;
    /** Bytes of frame check sequence (CRC-32). */
    public static final int FCS_LENGTH = 4;
    /** Preamble, start delimiter and inter-frame gap, in bytes of line time. */
    public static final int OVERHEAD = 8 + 12;
    /** Gigabit Ethernet. */
    public static final long GIGABIT = 1_000_000_000L;

    private final long bitsPerSecond;
    private long clearAt = Long.MIN_VALUE;

    /**
     * Creates a link.
     *
     * @param bitsPerSecond the line rate, or 0 for a link with no serialization time (frames arrive when sent)
     */
    public EthernetLink(final long bitsPerSecond) {
        if (bitsPerSecond < 0) {
            throw new IllegalArgumentException("link rate must be positive bits per second or 0 (unlimited), was "
                    + bitsPerSecond);
        }
        this.bitsPerSecond = bitsPerSecond;
    }

    /** @return the line rate in bits per second, 0 if unlimited */
    public long bitsPerSecond() {
        return bitsPerSecond;
    }

    /**
     * Sends a frame and says when it has arrived at the other end.
     *
     * @param sentNanos when the sender handed it to its MAC
     * @param length the frame's bytes without FCS
     * @return the time its last bit arrives
     */
    public long send(final long sentNanos, final int length) {
        if (bitsPerSecond == 0) {
            return sentNanos;
        }
        final long start = Math.max(sentNanos, clearAt);
        clearAt = start + lineNanos(length);
        return clearAt;
    }

    /**
     * The time a frame occupies the line: its bytes (padded to the minimum) with FCS, preamble and
     * inter-frame gap, at the line rate, rounded up.
     *
     * @param length the frame's bytes without FCS
     * @return nanoseconds, 0 on an unlimited link
     */
    public long lineNanos(final int length) {
        if (bitsPerSecond == 0) {
            return 0;
        }
        final long bytes = (long) Math.max(length, MIN_FRAME) + FCS_LENGTH + OVERHEAD;
        return (bytes * 8 * 1_000_000_000L + bitsPerSecond - 1) / bitsPerSecond;
    }

    /**
     * @param length a frame's bytes without FCS
     * @return the zero bytes its sender's MAC pads it with
     */
    public static int padding(final int length) {
        return Math.max(0, MIN_FRAME - length);
    }

    /**
     * The frame check sequence of a frame (IEEE 802.3 CRC-32, as {@link CRC32} computes it).
     *
     * @param crc a reusable CRC engine
     * @param frame the frame's buffer
     * @param offset absolute index of its first byte
     * @param length its length without FCS
     * @return the FCS
     */
    public static int fcs(final CRC32 crc, final ByteBuffer frame, final int offset, final int length) {
        crc.reset();
        if (frame.hasArray()) {
            crc.update(frame.array(), frame.arrayOffset() + offset, length);
        } else {
            crc.update(frame.slice(offset, length));
        }
        return (int) crc.getValue();
    }
}
