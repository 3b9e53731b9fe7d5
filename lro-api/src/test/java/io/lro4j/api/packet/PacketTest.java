package io.lro4j.api.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PacketTest {

    final BufferPool buffers = new BufferPool();
    final PacketPool pool = new PacketPool(buffers, 4);

    @AfterEach
    void nothingLeaked() {
        assertEquals(0, pool.outstanding(), "packets outstanding");
        assertEquals(0, buffers.outstanding(), "buffers outstanding");
    }

    /** A packet holding {@code bytes}: a head of {@code head} bytes, then fragments cut at {@code cuts}. */
    Packet build(final byte[] bytes, final int head, final int... cuts) {
        return build(pool, bytes, head, cuts);
    }

    Packet build(final PacketPool source, final byte[] bytes, final int head, final int... cuts) {
        final Packet p = source.acquire(Math.max(head, 1));
        p.putHead(ByteBuffer.wrap(bytes), 0, head);
        int from = head;
        for (int i = 0; i <= cuts.length; i++) {
            final int to = i < cuts.length ? cuts[i] : bytes.length;
            if (to > from) {
                final ByteBuffer page = buffers.acquire(to - from);
                page.put(0, bytes, from, to - from);
                p.addFragment(page, 0, to - from, buffers);
            }
            from = to;
        }
        return p;
    }

    static byte[] bytes(final int n, final int salt) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + salt);
        }
        return b;
    }

    @Test
    @DisplayName("toFrameBytes puts a hardware VLAN tag back after the MAC addresses, whatever the pieces")
    void frameBytesWithTheTagPutBack() {
        final byte[] frame = bytes(100, 3);
        final Packet p = build(frame, 5, 40); // the cut falls inside the MAC addresses
        assertArrayEquals(frame, p.toFrameBytes(), "no tag: the bytes as they are");
        p.vlanTag(0xA123);
        final byte[] tagged = p.toFrameBytes();
        assertEquals(104, tagged.length);
        assertArrayEquals(java.util.Arrays.copyOf(frame, 12), java.util.Arrays.copyOf(tagged, 12));
        assertArrayEquals(new byte[] {(byte) 0x81, 0, (byte) 0xA1, 0x23}, java.util.Arrays.copyOfRange(tagged, 12, 16));
        assertArrayEquals(java.util.Arrays.copyOfRange(frame, 12, 100), java.util.Arrays.copyOfRange(tagged, 16, 104));
        p.release();
    }

    @Test
    @DisplayName("head, fragments and frag list read back in order, whichever way they are read")
    void piecesInOrder() {
        final byte[] a = bytes(100, 1);
        final byte[] m = bytes(50, 2);
        final Packet p = build(a, 30, 60, 80);
        final Packet member = build(m, 10, 20);
        p.appendToFragList(member);
        final byte[] all = new byte[150];
        System.arraycopy(a, 0, all, 0, 100);
        System.arraycopy(m, 0, all, 100, 50);
        assertEquals(150, p.length());
        assertEquals(30, p.headLength());
        assertEquals(120, p.dataLength());
        assertTrue(p.isFragmented());
        assertArrayEquals(all, p.toByteArray());
        for (int i = 0; i < 150; i++) {
            assertEquals(all[i], p.getByte(i));
        }
        final ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        p.forEachPiece((b, off, len) -> {
            final byte[] chunk = new byte[len];
            b.get(off, chunk);
            pieces.writeBytes(chunk);
        });
        assertArrayEquals(all, pieces.toByteArray());
        final ByteBuffer range = ByteBuffer.allocate(70);
        p.copyRange(55, 70, range, 0);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 55, 125), range.array());
        p.release();
        assertTrue(member.isReleased(), "the frag list is released with its packet");
    }

    @Test
    @DisplayName("linearize copies into the head's tailroom when it fits, else into a new head, and counts")
    void linearize() {
        final byte[] a = bytes(300, 3);
        Packet p = pool.acquire(512);
        p.putHead(ByteBuffer.wrap(a), 0, 100);
        final ByteBuffer page = buffers.acquire(200);
        page.put(0, a, 100, 200);
        p.addFragment(page, 0, 200, buffers);
        final ByteBuffer head = p.headBuffer();
        assertEquals(200, p.linearize(buffers), "only the paged bytes are copied");
        assertSame(head, p.headBuffer());
        assertFalse(p.isFragmented());
        assertArrayEquals(a, p.toByteArray());
        assertEquals(0, p.linearize(buffers), "a linear packet copies nothing");
        p.release();
        p = build(a, 64, 200);
        final ByteBuffer small = p.headBuffer();
        assertEquals(300, p.linearize(buffers), "no tailroom: the whole packet is copied");
        assertNotSame(small, p.headBuffer());
        assertArrayEquals(a, p.toByteArray());
        p.release();
    }

    @Test
    @DisplayName("appendFragmentsFrom moves the donor's data from an offset, with ownership, and releases it")
    void appendFragmentsFrom() {
        final Packet parent = build(bytes(40, 4), 40);
        final byte[] d = bytes(90, 5);
        final Packet donor = build(d, 30, 60);
        assertEquals(2, donor.piecesFrom(30), "the head is skipped whole");
        assertEquals(3, donor.piecesFrom(29));
        assertEquals(2, parent.appendFragmentsFrom(donor, 30));
        assertTrue(donor.isReleased());
        assertEquals(40 + 60, parent.length());
        final byte[] expected = new byte[100];
        System.arraycopy(bytes(40, 4), 0, expected, 0, 40);
        System.arraycopy(d, 30, expected, 40, 60);
        assertArrayEquals(expected, parent.toByteArray());
        final Packet tooMany = build(bytes(40, 6), 1, 10, 20, 30);
        assertThrows(IllegalStateException.class, () -> parent.appendFragmentsFrom(tooMany, 0));
        assertFalse(tooMany.isReleased(), "nothing moved on refusal");
        tooMany.release();
        parent.release();
    }

    @Test
    @DisplayName("release returns every piece and the packet; a second release fails fast")
    void release() {
        final Packet p = build(bytes(100, 7), 50, 70);
        p.release();
        assertThrows(IllegalStateException.class, p::release);
        final Packet again = pool.acquire();
        assertSame(p, again, "pooled packets are reused");
        assertFalse(again.isReleased());
        assertEquals(0, again.length());
        again.release();
        assertEquals(1, pool.created());
    }

    @Test
    @DisplayName("misuse fails fast: too many fragments, pulling past the head, little-endian buffers, oversized DMA")
    void misuse() {
        final Packet p = build(bytes(10, 8), 10);
        final ByteBuffer page = ByteBuffer.allocate(10);
        for (int i = 0; i < 4; i++) {
            p.addFragment(page, 0, 10, null);
        }
        assertThrows(IllegalStateException.class, () -> p.addFragment(page, 0, 10, null));
        assertThrows(IndexOutOfBoundsException.class, () -> p.pull(11));
        assertThrows(IllegalArgumentException.class,
                () -> p.addFragment(ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN), 0, 4, null));
        assertThrows(IndexOutOfBoundsException.class, () -> p.putHead(ByteBuffer.allocate(100000), 0, 100000));
        assertThrows(IllegalArgumentException.class, () -> p.appendToFragList(p));
        p.release();
    }

    @Test
    @DisplayName("random piece layouts: every read path agrees with the flat bytes")
    void randomLayouts() {
        final SplittableRandom r = new SplittableRandom(99);
        final PacketPool big = new PacketPool(buffers, 17);
        for (int trial = 0; trial < 500; trial++) {
            final byte[] a = bytes(1 + r.nextInt(3000), trial);
            final int head = r.nextInt(a.length + 1);
            final int[] cuts = r.ints(r.nextInt(5), head, a.length + 1).sorted().toArray();
            final Packet p = build(big, a, head, cuts);
            assertArrayEquals(a, p.toByteArray());
            final int off = r.nextInt(a.length);
            final int len = r.nextInt(a.length - off + 1);
            final ByteBuffer range = ByteBuffer.allocate(len);
            p.copyRange(off, len, range, 0);
            assertArrayEquals(java.util.Arrays.copyOfRange(a, off, off + len), range.array());
            final int sum = io.lro4j.api.header.InternetChecksum.fold(p.checksum(off, len));
            final int flat = io.lro4j.api.header.InternetChecksum.fold(
                    io.lro4j.api.header.InternetChecksum.sum(ByteBuffer.wrap(a), off, len, 0));
            assertEquals(flat % 0xFFFF, sum % 0xFFFF, "checksum of a range across pieces");
            p.linearize(buffers);
            assertArrayEquals(a, p.toByteArray());
            p.release();
        }
        assertEquals(0, big.outstanding());
    }
}
