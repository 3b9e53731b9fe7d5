package io.lro4j.api.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {

    @Test
    @DisplayName("RFC 1071 section 3 example: 0001 f203 f4f5 f6f7 sums to ddf2")
    void rfc1071Example() {
        final ByteBuffer b = ByteBuffer.wrap(new byte[] {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5,
                (byte) 0xf6, (byte) 0xf7});
        assertEquals(0xddf2, InternetChecksum.fold(InternetChecksum.sum(b, 0, 8, 0)));
        assertEquals(0x220d, InternetChecksum.finish(InternetChecksum.sum(b, 0, 8, 0)));
    }

    @Test
    @DisplayName("an odd length pads the last byte with a zero byte")
    void oddLength() {
        final ByteBuffer b = ByteBuffer.wrap(new byte[] {0x12, 0x34, 0x56});
        assertEquals(0x1234 + 0x5600, InternetChecksum.fold(InternetChecksum.sum(b, 0, 3, 0)));
    }

    @Test
    @DisplayName("the sum of a split region equals the sum of its parts, odd-offset parts byte-swapped")
    void blockAddWithOddOffset() {
        final SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 2000; trial++) {
            final byte[] data = new byte[1 + r.nextInt(300)];
            r.nextBytes(data);
            final ByteBuffer b = ByteBuffer.wrap(data);
            final int cut = r.nextInt(data.length + 1);
            final int whole = InternetChecksum.fold(InternetChecksum.sum(b, 0, data.length, 0));
            int second = InternetChecksum.fold(InternetChecksum.sum(b, cut, data.length - cut, 0));
            if ((cut & 1) != 0) {
                second = InternetChecksum.swapBytes(second);
            }
            final int parts = InternetChecksum.fold(InternetChecksum.sum(b, 0, cut, 0) + second);
            assertEquals(whole % 0xFFFF, parts % 0xFFFF, "cut " + cut + " of " + data.length);
        }
    }

    @Test
    @DisplayName("unaligned starts and every length up to 40 agree with a byte-by-byte reference")
    void matchesReference() {
        final SplittableRandom r = new SplittableRandom(11);
        final byte[] data = new byte[64];
        r.nextBytes(data);
        final ByteBuffer b = ByteBuffer.wrap(data);
        for (int start = 0; start < 8; start++) {
            for (int len = 0; len <= 40; len++) {
                long ref = 0;
                for (int i = 0; i < len; i++) {
                    ref += (i & 1) == 0 ? (data[start + i] & 0xFF) << 8 : data[start + i] & 0xFF;
                }
                assertEquals(InternetChecksum.fold(ref), InternetChecksum.fold(InternetChecksum.sum(b, start, len, 0)));
            }
        }
    }

    @Test
    @DisplayName("a frame built with a checksum verifies; flipping a bit breaks it")
    void verifies() {
        final byte[] frame = new FrameBuilder().payloadLength(101).toBytes();
        final ByteBuffer b = ByteBuffer.wrap(frame);
        final Ipv4Header ip = new Ipv4Header().wrap(b, 14);
        final long pseudo = InternetChecksum.pseudoHeaderSum(ip.addressSum(), frame.length - 34);
        assertTrue(InternetChecksum.verifies(pseudo + InternetChecksum.sum(b, 34, frame.length - 34, 0)));
        frame[frame.length - 1] ^= 1;
        assertFalse(InternetChecksum.verifies(pseudo + InternetChecksum.sum(b, 34, frame.length - 34, 0)));
    }
}
