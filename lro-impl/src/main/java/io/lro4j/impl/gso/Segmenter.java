package io.lro4j.impl.gso;

import io.lro4j.api.GsoSegmenter;
import io.lro4j.api.PacketSink;
import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.header.Ipv4Header;
import io.lro4j.api.header.Ipv6Header;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import java.nio.ByteBuffer;

/**
 * Software GSO for TCP (Linux's {@code tcp_gso_segment} / {@code inet_gso_segment}): splits a packet that
 * carries GSO information into {@link Packet#gsoSize()}-byte segments, each a linear packet from the pool
 * with the original link-layer, IP and TCP headers and fixed-up lengths, IDs, sequence numbers, flags and
 * checksums. For a GRO-policy aggregate the result is byte for byte the segments it was made of.
 *
 * <p>A packet whose headers cannot be parsed, or that carries no GSO information, is delivered unchanged.
 */
public final class Segmenter implements GsoSegmenter {

    private static final int FIRST_ONLY = TcpHeader.CWR;
    private static final int LAST_ONLY = TcpHeader.PSH | TcpHeader.FIN;

    private final PacketPool pool;
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final TcpHeader tcp = new TcpHeader();

    /**
     * Creates a segmenter.
     *
     * @param pool where segments come from
     */
    public Segmenter(final PacketPool pool) {
        this.pool = pool;
    }

    @Override
    public int segment(final Packet packet, final PacketSink out) {
        final int gsoSize = packet.gsoSize();
        final int nh = packet.networkHeader();
        if (packet.gsoSegments() <= 1 || packet.gsoType() == GsoType.NONE || gsoSize <= 0 || nh < 0) {
            out.deliver(packet);
            return 1;
        }
        final ByteBuffer b = packet.headLength() > 0 ? packet.headBuffer()
                : packet.fragmentCount() > 0 ? packet.fragmentBuffer(0) : packet.headBuffer();
        final int base = packet.headLength() > 0 ? packet.headOffset()
                : packet.fragmentCount() > 0 ? packet.fragmentOffset(0) : 0;
        final int available = packet.headLength() > 0 ? packet.headLength()
                : packet.fragmentCount() > 0 ? packet.fragmentLength(0) : 0;
        final boolean v4 = packet.gsoType() == GsoType.TCPV4;
        final int ipHeaderLength = v4 ? Ipv4Header.MIN_LENGTH : Ipv6Header.LENGTH;
        if (nh + ipHeaderLength + TcpHeader.MIN_LENGTH > available) {
            out.deliver(packet);
            return 1;
        }
        final int tcpHeaderLength = tcp.wrap(b, base + nh + ipHeaderLength).headerLength();
        final int headerLength = nh + ipHeaderLength + tcpHeaderLength;
        final int payload = packet.length() - headerLength;
        if (tcpHeaderLength < TcpHeader.MIN_LENGTH || headerLength > available || payload <= 0
                || (v4 ? ipv4.wrap(b, base + nh).headerLength() != Ipv4Header.MIN_LENGTH
                        : ipv6.wrap(b, base + nh).nextHeader() != InternetChecksum.PROTOCOL_TCP)) {
            out.deliver(packet);
            return 1;
        }
        final int firstSeq = tcp.sequence();
        final int flags = tcp.flags();
        final int firstId = v4 ? ipv4.id() : 0;
        final boolean fixedId = (packet.gsoFlags() & Packet.GSO_FIXED_ID) != 0;
        final ChecksumState state = packet.checksumState() == ChecksumState.NONE
                ? ChecksumState.NONE : ChecksumState.UNNECESSARY;
        final int count = (payload + gsoSize - 1) / gsoSize;
        for (int i = 0; i < count; i++) {
            final int offset = i * gsoSize;
            final int length = Math.min(gsoSize, payload - offset);
            final Packet seg = pool.acquire(headerLength + length);
            final ByteBuffer sb = seg.headBuffer();
            final int at = seg.headOffset();
            sb.put(at, b, base, headerLength);
            packet.copyRange(headerLength + offset, length, sb, at + headerLength);
            seg.headLength(headerLength + length);
            final long addressSum;
            if (v4) {
                ipv4.wrap(sb, at + nh).totalLength(ipHeaderLength + tcpHeaderLength + length)
                        .id(fixedId ? firstId : (firstId + i) & 0xFFFF).updateChecksum();
                addressSum = ipv4.addressSum();
            } else {
                ipv6.wrap(sb, at + nh).payloadLength(tcpHeaderLength + length);
                addressSum = ipv6.addressSum();
            }
            int segFlags = flags;
            if (i > 0) {
                segFlags &= ~FIRST_ONLY;
            }
            if (i < count - 1) {
                segFlags &= ~LAST_ONLY;
            }
            tcp.wrap(sb, at + nh + ipHeaderLength).sequence(firstSeq + offset).flags(segFlags).checksum(0);
            final long sum = InternetChecksum.pseudoHeaderSum(addressSum, tcpHeaderLength + length)
                    + InternetChecksum.sum(sb, at + nh + ipHeaderLength, tcpHeaderLength + length, 0);
            tcp.checksum(InternetChecksum.finish(sum));
            seg.copyMetadataFrom(packet)
                    .gso(GsoType.NONE, 0, 0, 0)
                    .checksumState(state)
                    .headers(v4 ? EthernetHeader.TYPE_IPV4 : EthernetHeader.TYPE_IPV6, packet.macHeader(), nh,
                            nh + ipHeaderLength);
            out.deliver(seg);
        }
        packet.release();
        return count;
    }
}
