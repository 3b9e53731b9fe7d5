package io.lro4j.drivers.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapIoTest {

    @TempDir
    Path dir;

    /** Writes a capture by hand in the given byte order and resolution. */
    static byte[] capture(final ByteOrder order, final boolean nanos, final int linkType, final byte[]... frames) {
        final ByteBuffer b = ByteBuffer.allocate(24 + Arrays.stream(frames).mapToInt(f -> 16 + f.length).sum()).order(order);
        b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(linkType);
        int i = 0;
        for (final byte[] f : frames) {
            b.putInt(1_700_000_000 + i).putInt(nanos ? 123_456_789 : 123_456).putInt(f.length).putInt(f.length).put(f);
            i++;
        }
        return b.array();
    }

    @ParameterizedTest(name = "{0} nanos={1}")
    @CsvSource({"BIG_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,false", "LITTLE_ENDIAN,true"})
    @DisplayName("all four magic numbers read, with the right timestamps")
    void readsEveryMagic(final String orderName, final boolean nanos) throws IOException {
        final ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        final byte[] f1 = new FrameBuilder().payloadLength(10).toBytes();
        final byte[] f2 = new FrameBuilder().payloadLength(1400).toBytes();
        final Path file = Files.write(dir.resolve("in.pcap"), capture(order, nanos, 1, f1, f2));
        try (PcapReader r = PcapReader.open(file)) {
            assertEquals(LinkType.ETHERNET, r.linkType());
            assertEquals(nanos, r.nanosecond());
            assertEquals(order, r.byteOrder());
            assertTrue(r.next());
            assertArrayEquals(f1, Arrays.copyOf(r.data().array(), r.capturedLength()));
            assertEquals(1_700_000_000L * 1_000_000_000L + (nanos ? 123_456_789 : 123_456_000), r.timestampNanos());
            assertTrue(r.next());
            assertEquals(f2.length, r.capturedLength());
            assertEquals(24 + 16 + f1.length, r.recordOffset());
            assertFalse(r.next());
            assertEquals(2, r.records());
        }
    }

    @Test
    @DisplayName("the writer round-trips packets of any shape, with timestamps, in both resolutions")
    void writerRoundTrip() throws IOException {
        final PacketPool pool = new PacketPool(new BufferPool(), 17);
        for (final boolean nanos : new boolean[] {false, true}) {
            final Path file = dir.resolve("out" + nanos + ".pcap");
            final byte[] frame = new FrameBuilder().payloadLength(3000).toBytes();
            try (PcapWriter w = PcapWriter.create(file, LinkType.RAW, nanos)) {
                final Packet p = pool.acquire(100);
                p.putHead(ByteBuffer.wrap(frame), 0, 100);
                final ByteBuffer page = ByteBuffer.allocate(frame.length - 100);
                page.put(0, frame, 100, frame.length - 100);
                p.addFragment(page, 0, frame.length - 100, null);
                p.timestampNanos(5_000_000_123L);
                w.write(p);
                w.write(ByteBuffer.wrap(frame), 0, 60, 7_000_000_000L);
                assertEquals(2, w.packets());
                p.release();
            }
            try (PcapReader r = PcapReader.open(file)) {
                assertEquals(LinkType.RAW, r.linkType());
                assertTrue(r.next());
                assertArrayEquals(frame, Arrays.copyOf(r.data().array(), r.capturedLength()));
                assertEquals(nanos ? 5_000_000_123L : 5_000_000_000L, r.timestampNanos());
                assertTrue(r.next());
                assertEquals(60, r.capturedLength());
                assertFalse(r.next());
            }
        }
    }

    @Test
    @DisplayName("on Ethernet, a packet's hardware VLAN tag is written back into the frame, as captures show it")
    void writerPutsTheHardwareTagBack() throws IOException {
        final PacketPool pool = new PacketPool(new BufferPool(), 17);
        final byte[] plain = new FrameBuilder().payloadLength(2000).toBytes();
        final byte[] tagged = new FrameBuilder().vlan(0x0123).payloadLength(2000).toBytes();
        final Path file = dir.resolve("tagged.pcap");
        try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET, false)) {
            final Packet p = pool.acquire(10);
            p.putHead(ByteBuffer.wrap(plain), 0, 10); // the tag goes in across the head and a fragment
            final ByteBuffer page = ByteBuffer.allocate(plain.length - 10);
            page.put(0, plain, 10, plain.length - 10);
            p.addFragment(page, 0, plain.length - 10, null);
            w.write(p.vlanTag(0x0123));
            p.release();
        }
        try (PcapReader r = PcapReader.open(file)) {
            assertTrue(r.next());
            assertArrayEquals(tagged, Arrays.copyOf(r.data().array(), r.capturedLength()));
        }
    }

    @Test
    @DisplayName("faults name the file and byte offset; records before a fault were read")
    void faults() throws IOException {
        final byte[] f = new FrameBuilder().payloadLength(10).toBytes();
        final byte[] good = capture(ByteOrder.LITTLE_ENDIAN, false, 1, f, f);
        final Path truncated = Files.write(dir.resolve("t.pcap"), Arrays.copyOf(good, good.length - 5));
        try (PcapReader r = PcapReader.open(truncated)) {
            assertTrue(r.next());
            final PcapFormatException e = assertThrows(PcapFormatException.class, r::next);
            assertEquals(24 + 16 + f.length, e.offset());
            assertTrue(e.getMessage().contains("t.pcap") && e.getMessage().contains("byte offset " + e.offset()),
                    e.getMessage());
        }
        final Path halfHeader = Files.write(dir.resolve("h.pcap"), Arrays.copyOf(good, 24 + 16 + f.length + 7));
        try (PcapReader r = PcapReader.open(halfHeader)) {
            assertTrue(r.next());
            assertTrue(assertThrows(PcapFormatException.class, r::next).getMessage().contains("record header"));
        }
        final byte[] lying = good.clone();
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, -5);
        try (PcapReader r = PcapReader.open(Files.write(dir.resolve("l.pcap"), lying))) {
            assertEquals(32, assertThrows(PcapFormatException.class, r::next).offset());
        }
        assertThrows(PcapFormatException.class, () -> PcapReader.open(Files.write(dir.resolve("s.pcap"), new byte[10])));
        final byte[] pcapng = {0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertTrue(assertThrows(PcapFormatException.class,
                () -> PcapReader.open(Files.write(dir.resolve("n.pcapng"), pcapng))).getMessage().contains("editcap"));
        assertTrue(assertThrows(PcapFormatException.class, () -> PcapReader.open(Files.write(dir.resolve("u.pcap"),
                capture(ByteOrder.BIG_ENDIAN, false, 105)))).getMessage().contains("link type 105"));
    }
}
