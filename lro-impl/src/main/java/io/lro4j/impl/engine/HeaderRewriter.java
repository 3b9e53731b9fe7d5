package io.lro4j.impl.engine;

import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.header.Ipv4Header;
import io.lro4j.api.header.Ipv6Header;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;

/**
 * Turns the first segment's headers into the aggregate's, in place, when an aggregate of two or more
 * segments is flushed (inet_lro's {@code lro_update_tcp_ip_header}):
 *
 * <ul>
 *   <li>IPv4 total length and header checksum, or IPv6 payload length;
 *   <li>ACK, window and TSecr of the aggregate (the last segment's under inet_lro; equal anyway under GRO),
 *       PSH (and FIN under GRO) ORed into the flags;
 *   <li>a TCP checksum that verifies: the pseudo-header for the new length plus the rewritten header plus
 *       the payload sums collected at append time (each recovered from its segment's own checksum field,
 *       so no payload byte is read). PARTIAL aggregates get only the pseudo-header sum, as Linux leaves it;
 *   <li>GSO type, size, segment count and flags; checksum state UNNECESSARY when every segment was
 *       verified, NONE otherwise (the stack then verifies the rebuilt checksum, which keeps a corrupted
 *       segment detectable), PARTIAL for PARTIAL input; the last segment's receive timestamp.
 * </ul>
 *
 * A single held segment is never rewritten: it is delivered byte for byte as it arrived.
 */
final class HeaderRewriter {

    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final TcpHeader tcp = new TcpHeader();

    void rewrite(final FlowDescriptor d, final Packet parent, final MergeRules rules) {
        final int tcpLength = d.tcpLength();
        if (d.ipVersion == 4) {
            ipv4.wrap(d.headerBuffer, d.ipOffset).totalLength(d.ipLength).updateChecksum();
        } else {
            ipv6.wrap(d.headerBuffer, d.ipOffset).payloadLength(tcpLength);
        }
        tcp.wrap(d.headerBuffer, d.tcpOffset).ack(d.ack).window(d.window).flags(tcp.flags() | d.orFlags);
        if (d.timestamps) {
            tcp.tsecr(d.tsecr);
        }
        final long pseudo = InternetChecksum.pseudoHeaderSum(d.addressSum, tcpLength);
        if (d.checksumClass == Segment.CSUM_PARTIAL) {
            tcp.checksum(InternetChecksum.fold(pseudo));
            parent.checksumState(ChecksumState.PARTIAL)
                    .checksumPartial(parent.networkHeader() + d.ipHeaderLength, TcpHeader.CHECKSUM_OFFSET);
        } else {
            tcp.checksum(0);
            final long payload = d.oddPayloadSums + InternetChecksum.negate(InternetChecksum.fold(d.evenHeaderSums));
            tcp.checksum(InternetChecksum.finish(pseudo + tcp.headerSum() + payload));
            parent.checksumState(d.checksumClass == Segment.CSUM_VERIFIED ? ChecksumState.UNNECESSARY : ChecksumState.NONE);
        }
        parent.gso(d.ipVersion == 4 ? GsoType.TCPV4 : GsoType.TCPV6, rules.gsoSize(d), d.segments, rules.gsoFlags(d));
        parent.timestampNanos(d.lastTimestampNanos);
    }
}
