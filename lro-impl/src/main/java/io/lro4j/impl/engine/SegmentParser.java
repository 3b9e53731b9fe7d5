package io.lro4j.impl.engine;

import io.lro4j.api.Verdict;
import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.header.InternetChecksum;
import io.lro4j.api.header.Ipv4Header;
import io.lro4j.api.header.Ipv6Header;
import io.lro4j.api.header.TcpHeader;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Reads a received packet into a {@link Segment} and applies the core rules, the ones every policy shares:
 * a sane IP and TCP header inside the buffer, the IP length equal to the frame (no padding, no
 * truncation), no IPv4 options or fragments, a correct IPv4 header checksum, no CE mark, a payload, no
 * known-bad TCP checksum, no GSO input.
 *
 * <p>It trusts nothing from the driver but the network header offset and the EtherType: the TCP header is
 * derived from the IP header, and every offset is checked against the bytes that exist before it is read,
 * so no input can make it read out of bounds. Parsing stops at the first rule broken; once the addresses
 * and ports are read, {@link Segment#identified} is set so that the flow can be flushed before the packet
 * is passed up.
 */
final class SegmentParser {

    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final TcpHeader tcp = new TcpHeader();

    /**
     * Parses {@code packet} into {@code s}.
     *
     * @return null if the packet may be aggregated, else the verdict of the first core rule it breaks
     */
    @Nullable Verdict parse(final Packet packet, final Segment s) {
        s.packet = packet;
        s.identified = false;
        final int nh = packet.networkHeader();
        if (nh < 0) {
            return Verdict.NOT_LOCATED;
        }
        final int etherType = packet.protocol();
        final boolean v4 = etherType == EthernetHeader.TYPE_IPV4;
        if (!v4 && etherType != EthernetHeader.TYPE_IPV6) {
            return Verdict.NOT_IP;
        }
        // All headers must sit in one buffer: the head, or the first fragment when the head is empty.
        final ByteBuffer buffer;
        final int base;
        final int available;
        if (packet.headLength() > 0) {
            buffer = packet.headBuffer();
            base = packet.headOffset();
            available = packet.headLength();
        } else if (packet.fragmentCount() > 0) {
            buffer = packet.fragmentBuffer(0);
            base = packet.fragmentOffset(0);
            available = packet.fragmentLength(0);
        } else {
            return Verdict.MALFORMED;
        }
        final int total = packet.length();
        final int ipMin = v4 ? Ipv4Header.MIN_LENGTH : Ipv6Header.LENGTH;
        if (nh > total - ipMin) {
            return Verdict.MALFORMED;
        }
        if (nh > available - ipMin) {
            return Verdict.SPLIT_HEADERS;
        }
        s.buffer = buffer;
        s.base = base;
        s.ipOffset = base + nh;
        final int th;
        final int ipHeaderLength;
        int fragmentWord = 0;
        if (v4) {
            ipv4.wrap(buffer, s.ipOffset);
            ipHeaderLength = ipv4.headerLength();
            if (ipv4.version() != 4 || ipHeaderLength < Ipv4Header.MIN_LENGTH) {
                return Verdict.MALFORMED;
            }
            fragmentWord = ipv4.fragmentWord();
            if ((fragmentWord & Ipv4Header.FRAGMENT_OFFSET_MASK) != 0) {
                return Verdict.IP_FRAGMENT; // a later fragment: no TCP header, so no flow to tell
            }
            if (ipv4.protocol() != InternetChecksum.PROTOCOL_TCP) {
                return Verdict.NOT_TCP;
            }
            s.ipVersion = 4;
            s.srcHigh = 0;
            s.dstHigh = 0;
            s.srcLow = ipv4.source();
            s.dstLow = ipv4.destination();
        } else {
            ipv6.wrap(buffer, s.ipOffset);
            if (ipv6.version() != 6) {
                return Verdict.MALFORMED;
            }
            final int next = ipv6.nextHeader();
            if (next != InternetChecksum.PROTOCOL_TCP) {
                return isExtensionHeader(next) ? Verdict.IPV6_EXTENSION_HEADERS : Verdict.NOT_TCP;
            }
            ipHeaderLength = Ipv6Header.LENGTH;
            s.ipVersion = 6;
            s.srcHigh = ipv6.sourceHigh();
            s.srcLow = ipv6.sourceLow();
            s.dstHigh = ipv6.destinationHigh();
            s.dstLow = ipv6.destinationLow();
        }
        th = nh + ipHeaderLength;
        if (th > total - TcpHeader.MIN_LENGTH) {
            return Verdict.MALFORMED;
        }
        if (th > available - TcpHeader.MIN_LENGTH) {
            return Verdict.SPLIT_HEADERS;
        }
        s.ipHeaderLength = ipHeaderLength;
        s.tcpOffset = base + th;
        tcp.wrap(buffer, s.tcpOffset);
        s.ports = tcp.ports();
        s.device = packet.ingressDevice();
        readLinkLayer(packet, s, nh);
        s.hash = s.computeHash();
        s.identified = true;

        // ---- the flow is known from here on: every verdict below flushes it first
        final int ipBytes = total - nh;
        if (v4) {
            s.ipLength = ipv4.totalLength();
            if (s.ipLength < ipHeaderLength + TcpHeader.MIN_LENGTH) {
                return Verdict.MALFORMED;
            }
        } else {
            s.ipLength = Ipv6Header.LENGTH + ipv6.payloadLength();
            if (s.ipLength < Ipv6Header.LENGTH + TcpHeader.MIN_LENGTH) {
                return Verdict.MALFORMED;
            }
        }
        if (s.ipLength > ipBytes) {
            return Verdict.TRUNCATED;
        }
        if (s.ipLength < ipBytes) {
            return Verdict.PADDED;
        }
        if (v4) {
            if (ipHeaderLength != Ipv4Header.MIN_LENGTH) {
                return Verdict.IP_OPTIONS;
            }
            if ((fragmentWord & Ipv4Header.FLAG_MF) != 0) {
                return Verdict.IP_FRAGMENT;
            }
            if (!ipv4.checksumValid()) {
                return Verdict.BAD_IP_CHECKSUM;
            }
            s.tos = ipv4.tos();
            s.ttl = ipv4.ttl();
            s.ipId = ipv4.id();
            s.dontFragment = (fragmentWord & Ipv4Header.FLAG_DF) != 0;
            s.flowLabel = 0;
        } else {
            s.tos = ipv6.trafficClass();
            s.ttl = ipv6.hopLimit();
            s.ipId = 0;
            s.dontFragment = false;
            s.flowLabel = ipv6.flowLabel();
        }
        final int doff = tcp.headerLength();
        if (doff < TcpHeader.MIN_LENGTH || th + doff > nh + s.ipLength) {
            return Verdict.MALFORMED;
        }
        if (th + doff > available) {
            return Verdict.SPLIT_HEADERS;
        }
        s.tcpHeaderLength = doff;
        s.payloadOffset = th + doff;
        s.payloadLength = s.ipLength - ipHeaderLength - doff;
        s.seq = tcp.sequence();
        s.ack = tcp.ack();
        s.flags = tcp.flags();
        s.window = tcp.window();
        s.checksum = tcp.checksum();
        s.timestamp = tcp.hasAlignedTimestamp();
        if (s.timestamp) {
            s.tsval = tcp.tsval();
            s.tsecr = tcp.tsecr();
        }
        if ((s.tos & 0x03) == Ipv4Header.ECN_CE) {
            return Verdict.ECN_CE;
        }
        if (s.payloadLength == 0) {
            return Verdict.ZERO_PAYLOAD;
        }
        if (packet.checksumBad()) {
            return Verdict.BAD_TCP_CHECKSUM;
        }
        if (packet.gsoSegments() > 1) {
            return Verdict.GSO_INPUT;
        }
        return classifyChecksum(packet, s);
    }

    /** Sets the checksum class; a COMPLETE sum is checked here, which costs no payload read. */
    private @Nullable Verdict classifyChecksum(final Packet packet, final Segment s) {
        final ChecksumState state = packet.checksumState();
        switch (state) {
            case UNNECESSARY -> s.checksumClass = Segment.CSUM_VERIFIED;
            case NONE -> s.checksumClass = Segment.CSUM_UNVERIFIED;
            case PARTIAL -> s.checksumClass = Segment.CSUM_PARTIAL;
            case COMPLETE -> {
                // COMPLETE covers the IP header too; take its sum out and add the pseudo-header.
                final long ipSum = InternetChecksum.sum(s.buffer, s.ipOffset, s.ipHeaderLength, 0);
                final long sum = packet.checksumValue() + InternetChecksum.negate(InternetChecksum.fold(ipSum))
                        + InternetChecksum.pseudoHeaderSum(addressSum(s), s.ipLength - s.ipHeaderLength);
                if (!InternetChecksum.verifies(sum)) {
                    return Verdict.BAD_TCP_CHECKSUM;
                }
                s.checksumClass = Segment.CSUM_VERIFIED;
            }
        }
        return null;
    }

    /** @return the unfolded sum of the source and destination addresses */
    long addressSum(final Segment s) {
        if (s.ipVersion == 4) {
            return (s.srcLow >>> 16) + (s.srcLow & 0xFFFF) + (s.dstLow >>> 16) + (s.dstLow & 0xFFFF);
        }
        return InternetChecksum.sum(s.buffer, s.ipOffset + Ipv6Header.SOURCE_OFFSET, 32, 0);
    }

    /**
     * The sum of the segment's payload, recovered from its TCP checksum field without reading the payload
     * (inet_lro's {@code lro_tcp_data_csum}): for a correct field, payload = -(pseudo-header + TCP header).
     */
    int payloadSumFromField(final Segment s, final long addressSum) {
        final long header = InternetChecksum.sum(s.buffer, s.tcpOffset, s.tcpHeaderLength, 0);
        final long pseudo = InternetChecksum.pseudoHeaderSum(addressSum, s.tcpHeaderLength + s.payloadLength);
        return InternetChecksum.negate(InternetChecksum.fold(header + pseudo));
    }

    /** Verifies the TCP checksum in software, reading the payload wherever it lies (head or fragments). */
    boolean verifyInSoftware(final Segment s, final long addressSum) {
        final Packet packet = s.packet;
        if (packet == null) {
            return false;
        }
        long sum = InternetChecksum.sum(s.buffer, s.tcpOffset, s.tcpHeaderLength, 0);
        sum += InternetChecksum.pseudoHeaderSum(addressSum, s.tcpHeaderLength + s.payloadLength);
        sum += packet.checksum(s.payloadOffset, s.payloadLength);
        return InternetChecksum.verifies(sum);
    }

    private static void readLinkLayer(final Packet packet, final Segment s, final int nh) {
        final int mac = packet.macHeader();
        long key = packet.hasVlanTag() ? 0x1000L | (packet.vlanTci() & EthernetHeader.VLAN_ID_MASK) : 0;
        if (mac >= 0 && mac < nh) {
            final ByteBuffer b = s.buffer;
            final int at = s.base + mac;
            final int length = nh - mac;
            s.macOffset = at;
            s.macLength = length;
            // In-band 802.1Q / 802.1ad tags are part of the flow key, outer and inner.
            if (length >= EthernetHeader.LENGTH + EthernetHeader.VLAN_TAG_LENGTH
                    && EthernetHeader.isVlanTpid(b.getShort(at + EthernetHeader.ETHER_TYPE_OFFSET) & 0xFFFF)) {
                key |= (0x1000L | (b.getShort(at + 14) & EthernetHeader.VLAN_ID_MASK)) << 13;
                if (length >= EthernetHeader.LENGTH + 2 * EthernetHeader.VLAN_TAG_LENGTH
                        && EthernetHeader.isVlanTpid(b.getShort(at + 16) & 0xFFFF)) {
                    key |= (0x1000L | (b.getShort(at + 18) & EthernetHeader.VLAN_ID_MASK)) << 26;
                }
            }
        } else {
            s.macOffset = -1;
            s.macLength = 0;
        }
        s.vlanKey = key;
    }

    private static boolean isExtensionHeader(final int next) {
        return switch (next) {
            case 0, 43, 44, 50, 51, 60, 135, 139, 140, 253, 254 -> true;
            default -> false;
        };
    }
}
