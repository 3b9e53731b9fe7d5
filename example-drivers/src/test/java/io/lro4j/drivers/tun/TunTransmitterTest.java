package io.lro4j.drivers.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How a packet's virtio_net_hdr and checksum field are written for the kernel. */
class TunTransmitterTest {

    private static final int PAYLOAD = 3 * 1448;

    /** An IPv4 or IPv6 TCP packet with a 32-byte TCP header (timestamps), payload bytes i * 7. */
    private static ByteBuffer tcp(final int version, final int payload) {
        final int ip = version == 4 ? 20 : 40;
        final ByteBuffer b = ByteBuffer.allocate(VirtioNetHdr.LENGTH + ip + 32 + payload);
        final int o = VirtioNetHdr.LENGTH;
        if (version == 4) {
            b.put(o, (byte) 0x45).putShort(o + 2, (short) (ip + 32 + payload)).put(o + 8, (byte) 64).put(o + 9, (byte) 6)
                    .putInt(o + 12, 0x0AC9_0101).putInt(o + 16, 0x0AC9_0201);
        } else {
            b.put(o, (byte) 0x60).putShort(o + 4, (short) (32 + payload)).put(o + 6, (byte) 6).put(o + 7, (byte) 64);
            for (int k = 0; k < 16; k++) {
                b.put(o + 8 + k, (byte) (0x20 + k)).put(o + 24 + k, (byte) (0x40 + k));
            }
        }
        final int t = o + ip;
        b.putShort(t, (short) 40000).putShort(t + 2, (short) 5001).putInt(t + 4, 1000).putInt(t + 8, 77).put(t + 12, (byte) 0x80)
                .put(t + 13, (byte) 0x10).putShort(t + 14, (short) 512).putShort(t + 16, (short) 0x1234);
        for (int k = 0; k < payload; k++) {
            b.put(t + 32 + k, (byte) (k * 7));
        }
        return b;
    }

    private static Packet packet(final ByteBuffer frame) {
        final Packet p = new Packet(4);
        p.setHead(frame, VirtioNetHdr.LENGTH, frame.capacity() - VirtioNetHdr.LENGTH, null);
        return p;
    }

    /** What the kernel does with CHECKSUM_PARTIAL: sum from csum_start to the end, complement, store. */
    private static void completeAsTheKernelWould(final ByteBuffer b, final int start, final int offset) {
        long sum = 0;
        for (int k = start; k + 1 < b.capacity(); k += 2) {
            sum += b.getShort(k) & 0xFFFF;
        }
        if (((b.capacity() - start) & 1) != 0) {
            sum += (b.get(b.capacity() - 1) & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        b.putShort(start + offset, (short) ~sum);
    }

    /** An independent check of a TCP checksum: pseudo-header and segment sum to 0xFFFF. */
    private static boolean tcpChecksumVerifies(final ByteBuffer b, final int version) {
        final int o = VirtioNetHdr.LENGTH;
        final int ip = version == 4 ? 20 : 40;
        final int tcpLength = b.capacity() - o - ip;
        long sum = 6L + tcpLength;
        final int from = version == 4 ? o + 12 : o + 8;
        for (int k = from; k < o + ip; k += 2) {
            sum += b.getShort(k) & 0xFFFF;
        }
        for (int k = o + ip; k + 1 < b.capacity(); k += 2) {
            sum += b.getShort(k) & 0xFFFF;
        }
        if ((tcpLength & 1) != 0) {
            sum += (b.get(b.capacity() - 1) & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum == 0xFFFF;
    }

    @Test
    @DisplayName("an aggregate goes as GSO: NEEDS_CSUM, TCPV4/TCPV6, header length, segment size, and a pseudo-header sum the kernel completes into a valid checksum")
    void aggregateAsGso() {
        for (final int version : new int[] {4, 6}) {
            final ByteBuffer b = tcp(version, PAYLOAD);
            final Packet p = packet(b).gso(version == 4 ? GsoType.TCPV4 : GsoType.TCPV6, 1448, 3, Packet.GSO_ECN);
            final VirtioNetHdr h = new VirtioNetHdr().wrap(b, 0);
            assertTrue(TunTransmitter.encode(b, VirtioNetHdr.LENGTH, b.capacity() - VirtioNetHdr.LENGTH, p, h));
            final int ip = version == 4 ? 20 : 40;
            assertEquals(VirtioNetHdr.F_NEEDS_CSUM, h.flags());
            assertEquals((version == 4 ? VirtioNetHdr.GSO_TCPV4 : VirtioNetHdr.GSO_TCPV6) | VirtioNetHdr.GSO_ECN, h.gsoType());
            assertEquals(ip + 32, h.hdrLen());
            assertEquals(1448, h.gsoSize());
            assertEquals(ip, h.csumStart());
            assertEquals(16, h.csumOffset());
            completeAsTheKernelWould(b, VirtioNetHdr.LENGTH + h.csumStart(), h.csumOffset());
            assertTrue(tcpChecksumVerifies(b, version), "IPv" + version);
        }
    }

    @Test
    @DisplayName("a single segment goes with a zero header and its own checksum untouched; a partial one with NEEDS_CSUM")
    void plainAndPartial() {
        final ByteBuffer b = tcp(4, 1448);
        final VirtioNetHdr h = new VirtioNetHdr().wrap(b, 0);
        b.put(0, (byte) 0xFF);
        assertFalse(TunTransmitter.encode(b, VirtioNetHdr.LENGTH, b.capacity() - VirtioNetHdr.LENGTH, packet(b), h));
        assertEquals(0, h.flags());
        assertEquals(0, h.gsoType());
        assertEquals(0x1234, b.getShort(VirtioNetHdr.LENGTH + 20 + 16) & 0xFFFF, "checksum field untouched");
        final Packet partial = packet(b).checksumState(ChecksumState.PARTIAL);
        assertFalse(TunTransmitter.encode(b, VirtioNetHdr.LENGTH, b.capacity() - VirtioNetHdr.LENGTH, partial, h));
        assertEquals(VirtioNetHdr.F_NEEDS_CSUM, h.flags());
        assertEquals(20, h.csumStart());
        assertEquals(16, h.csumOffset());
        final ByteBuffer notIp = ByteBuffer.allocate(VirtioNetHdr.LENGTH + 40);
        notIp.put(0, (byte) 0xFF).put(VirtioNetHdr.LENGTH, (byte) 0x10);
        assertFalse(TunTransmitter.encode(notIp, VirtioNetHdr.LENGTH, 40, packet(notIp), h.wrap(notIp, 0)));
        assertEquals(0, h.flags());
    }
}
