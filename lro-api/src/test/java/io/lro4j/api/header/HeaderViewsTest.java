package io.lro4j.api.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HeaderViewsTest {

    @Test
    @DisplayName("the views read back every field FrameBuilder wrote (IPv4, tagged Ethernet, timestamps)")
    void ipv4RoundTrip() {
        final FrameBuilder f = new FrameBuilder().vlan(0x2005).ipv4(0xC0A80001L, 0xC0A80002L).ports(1234, 80)
                .seq(0xDEADBEEF).ack(42).flags(TcpHeader.ACK | TcpHeader.PSH).window(777).timestamp(5, 6)
                .tos(0x23).ttl(9).ipId(0xBEEF).payloadLength(100);
        final ByteBuffer b = ByteBuffer.wrap(f.toBytes());
        final EthernetHeader eth = new EthernetHeader().wrap(b, 0);
        assertEquals(EthernetHeader.TPID_8021Q, eth.etherTypeOrTpid());
        assertEquals(0x2005, eth.tagControl(0));
        assertEquals(EthernetHeader.TYPE_IPV4, eth.innerEtherType(b.capacity()));
        assertEquals(18, eth.headerLength(b.capacity()));
        assertEquals(0x0200_0000_0002L, eth.destination());
        final Ipv4Header ip = new Ipv4Header().wrap(b, 18);
        assertEquals(4, ip.version());
        assertEquals(20, ip.headerLength());
        assertEquals(0x23, ip.tos());
        assertEquals(3, ip.ecn());
        assertEquals(20 + 32 + 100, ip.totalLength());
        assertEquals(0xBEEF, ip.id());
        assertTrue(ip.dontFragment());
        assertFalse(ip.isFragment());
        assertEquals(9, ip.ttl());
        assertEquals(6, ip.protocol());
        assertEquals(0xC0A80001L, ip.source());
        assertTrue(ip.checksumValid());
        final TcpHeader tcp = new TcpHeader().wrap(b, 38);
        assertEquals(1234, tcp.sourcePort());
        assertEquals(80, tcp.destinationPort());
        assertEquals(0xDEADBEEF, tcp.sequence());
        assertEquals(42, tcp.ack());
        assertEquals(32, tcp.headerLength());
        assertEquals(TcpHeader.ACK | TcpHeader.PSH, tcp.flags());
        assertEquals(777, tcp.window());
        assertTrue(tcp.hasAlignedTimestamp());
        assertEquals(5, tcp.tsval());
        assertEquals(6, tcp.tsecr());
    }

    @Test
    @DisplayName("IPv6 fields, and a checksum update after a length change")
    void ipv6AndUpdates() {
        final ByteBuffer b = ByteBuffer.wrap(new FrameBuilder().ipv6(1, 2, 3, 4).flowLabel(0xABCDE).tos(0x12).ttl(3)
                .payloadLength(10).toBytes());
        final Ipv6Header ip = new Ipv6Header().wrap(b, 14);
        assertEquals(6, ip.version());
        assertEquals(0xABCDE, ip.flowLabel());
        assertEquals(0x12, ip.trafficClass());
        assertEquals(3, ip.hopLimit());
        assertEquals(20 + 10, ip.payloadLength());
        assertEquals(6, ip.nextHeader());
        assertEquals(2, ip.sourceLow());
        assertEquals(3, ip.destinationHigh());
        final ByteBuffer v4 = ByteBuffer.wrap(new FrameBuilder().payloadLength(10).toBytes());
        final Ipv4Header h = new Ipv4Header().wrap(v4, 14);
        h.totalLength(1000);
        assertFalse(h.checksumValid());
        h.updateChecksum();
        assertTrue(h.checksumValid());
    }

    @Test
    @DisplayName("serial-number comparison wraps (RFC 1982)")
    void after() {
        assertTrue(TcpHeader.after(2, 1));
        assertFalse(TcpHeader.after(1, 2));
        assertTrue(TcpHeader.after(0x10, 0xFFFFFFF0));
        assertFalse(TcpHeader.after(5, 5));
    }

    @Test
    @DisplayName("views refuse little-endian buffers; short frames are reported, not read past")
    void misuse() {
        final ByteBuffer le = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Header().wrap(le, 0));
        final EthernetHeader eth = new EthernetHeader().wrap(ByteBuffer.allocate(13), 0);
        assertEquals(-1, eth.innerEtherType(13));
        assertEquals(-1, eth.headerLength(13));
    }
}
