package io.lro4j.spi.seeker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.header.FrameBuilder;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.spi.HeaderLocation;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SoftwareHeaderSeekerTest {

    final BufferPool buffers = new BufferPool();
    final PacketPool pool = new PacketPool(buffers, 17);
    final SoftwareHeaderSeeker ethernet = new SoftwareHeaderSeeker(true, true);
    final HeaderLocation at = new HeaderLocation();

    @AfterEach
    void released() {
        assertEquals(0, pool.outstanding());
    }

    HeaderLocation seek(final SoftwareHeaderSeeker seeker, final byte[] frame, final boolean expectAccepted) {
        final Packet p = pool.acquire(frame.length);
        p.putHead(ByteBuffer.wrap(frame), 0, frame.length);
        assertEquals(expectAccepted, seeker.seek(p, at.reset()));
        p.release();
        return at;
    }

    @Test
    @DisplayName("Ethernet, 802.1Q and QinQ: the IP and TCP headers are found and checksums verified")
    void tagged() {
        HeaderLocation l = seek(ethernet, new FrameBuilder().payloadLength(100).toBytes(), true);
        assertEquals(14, l.networkOffset());
        assertEquals(34, l.transportOffset());
        assertTrue(l.has(HeaderLocation.IPV4 | HeaderLocation.TCP | HeaderLocation.CHECKSUM_VERIFIED));
        l = seek(ethernet, new FrameBuilder().vlan(7).payloadLength(100).toBytes(), true);
        assertEquals(18, l.networkOffset());
        final byte[] qinq = new FrameBuilder().vlan(7).payloadLength(100).toBytes();
        final byte[] doubled = new byte[qinq.length + 4];
        System.arraycopy(qinq, 0, doubled, 0, 12);
        doubled[12] = (byte) 0x88;
        doubled[13] = (byte) 0xA8;
        doubled[15] = 9;
        System.arraycopy(qinq, 12, doubled, 16, qinq.length - 12);
        l = seek(ethernet, doubled, true);
        assertEquals(22, l.networkOffset());
        assertTrue(l.has(HeaderLocation.CHECKSUM_VERIFIED));
    }

    @Test
    @DisplayName("IPv6, IPv4 options and raw IP are located")
    void shapes() {
        HeaderLocation l = seek(ethernet, new FrameBuilder().ipv6(1, 2, 3, 4).payloadLength(50).toBytes(), true);
        assertTrue(l.has(HeaderLocation.IPV6 | HeaderLocation.TCP | HeaderLocation.CHECKSUM_VERIFIED));
        assertEquals(54, l.transportOffset());
        l = seek(ethernet, new FrameBuilder().ipOptions(new byte[] {1, 1, 1, 0}).payloadLength(50).toBytes(), true);
        assertEquals(38, l.transportOffset());
        assertTrue(l.has(HeaderLocation.CHECKSUM_VERIFIED));
        l = seek(new SoftwareHeaderSeeker(false, true), new FrameBuilder().ethernet(false).payloadLength(50).toBytes(), true);
        assertEquals(0, l.networkOffset());
        assertEquals(-1, l.macOffset());
        assertEquals(20, l.transportOffset());
    }

    @Test
    @DisplayName("bad TCP checksum reported; bad IP checksum left to the engine; padding ignored")
    void checksums() {
        HeaderLocation l = seek(ethernet, new FrameBuilder().payloadLength(50).badTcpChecksum(true).toBytes(), true);
        assertTrue(l.has(HeaderLocation.CHECKSUM_BAD));
        l = seek(ethernet, new FrameBuilder().payloadLength(50).badIpChecksum(true).toBytes(), true);
        assertFalse(l.has(HeaderLocation.CHECKSUM_VERIFIED) || l.has(HeaderLocation.CHECKSUM_BAD));
        l = seek(ethernet, new FrameBuilder().noOptions().payloadLength(2).padding(4).toBytes(), true);
        assertTrue(l.has(HeaderLocation.CHECKSUM_VERIFIED), "checked over the IP length, padding excluded");
        assertTrue(new SoftwareHeaderSeeker(true, false).seek(packetOf(new FrameBuilder().toBytes()), at.reset()));
        assertFalse(at.has(HeaderLocation.CHECKSUM_VERIFIED));
    }

    Packet packetOf(final byte[] frame) {
        final Packet p = new Packet(1);
        p.setHead(ByteBuffer.wrap(frame), 0, frame.length, null);
        return p;
    }

    @Test
    @DisplayName("non-IP and non-TCP frames are located at the link layer only; runts are refused")
    void otherFrames() {
        final byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        HeaderLocation l = seek(ethernet, arp, true);
        assertEquals(14, l.networkOffset());
        assertFalse(l.has(HeaderLocation.IPV4));
        final byte[] udp = new FrameBuilder().payloadLength(8).toBytes();
        udp[14 + 9] = 17;
        l = seek(ethernet, udp, true);
        assertTrue(l.has(HeaderLocation.IPV4));
        assertFalse(l.has(HeaderLocation.TCP));
        seek(ethernet, new byte[10], false);
        final byte[] truncated = java.util.Arrays.copyOf(new FrameBuilder().payloadLength(500).toBytes(), 300);
        l = seek(ethernet, truncated, true);
        assertTrue(l.has(HeaderLocation.TCP));
        assertFalse(l.has(HeaderLocation.CHECKSUM_VERIFIED), "a truncated packet cannot be verified");
    }

    @Test
    @DisplayName("skb mode verifies over fragments; page mode sees only the first fragment")
    void fragments() {
        final byte[] frame = new FrameBuilder().payloadLength(1000).toBytes();
        final Packet p = pool.acquire();
        for (final int[] cut : new int[][] {{0, 70}, {70, 555}, {555, frame.length}}) {
            final ByteBuffer page = buffers.acquire(cut[1] - cut[0]);
            page.put(0, frame, cut[0], cut[1] - cut[0]);
            p.addFragment(page, 0, cut[1] - cut[0], buffers);
        }
        assertTrue(ethernet.seek(p, at.reset()));
        assertTrue(at.has(HeaderLocation.CHECKSUM_VERIFIED));
        assertTrue(ethernet.seek(p.fragmentBuffer(0), 0, 70, at.reset()));
        assertEquals(34, at.transportOffset());
        assertFalse(at.has(HeaderLocation.CHECKSUM_VERIFIED));
        p.release();
    }
}
