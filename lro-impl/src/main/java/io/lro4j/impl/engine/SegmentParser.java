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
 * so no input can make it read out of bounds. It reads headers as raw words at the offsets the header views
 * ({@link Ipv4Header}, {@link Ipv6Header}, {@link TcpHeader}) name, because on the per-packet path one load
 * per word, shared by the field extraction and the checksum, is what keeps parsing cheap. Parsing stops at the first rule broken; once the addresses
 * and ports are read, {@link Segment#identified} is set so that the flow can be flushed before the packet
 * is passed up.
 */
final class SegmentParser {

    private SegmentParser() {
    }

    /**
     * Parses {@code packet} into {@code s}.
     *
     * <p>Each header is loaded once, as a few 64- and 32-bit big-endian words, and both its fields and its
     * contribution to the Internet checksum come from those words: a 32-bit word is congruent, modulo 0xFFFF,
     * to the sum of its two 16-bit halves, so {@code hi32 + lo32} sums fold to the RFC 1071 sum. The IPv4
     * header checksum is verified and the TCP header's sum (for recovering the payload sum from the
     * checksum field) is taken without reading any byte twice.
     *
     * @return null if the packet may be aggregated, else the verdict of the first core rule it breaks
     */
    static @Nullable Verdict parse(final Packet packet, final Segment s) {
        return parseCommon(packet, s) ? null : parseAny(packet, s);
    }

    /**
     * The fast path, for the shape nearly every bulk TCP segment has: a linear IPv4 packet, IHL 5, no
     * fragment, no CE, a correct header checksum, TCP with no options or exactly NOP,NOP,TS, a payload, and a
     * hardware-verified checksum. It fills the segment exactly as {@link #parseAny} would and returns true; for
     * anything else it returns false without deciding, and {@link #parseAny} reads the packet again and gives
     * the verdict. Keeping this path small lets the JIT compile it into tight code.
     */
    private static boolean parseCommon(final Packet packet, final Segment s) {
        final int nh = packet.networkHeader();
        final int available = packet.headLength();
        if (nh < 0 || packet.protocol() != EthernetHeader.TYPE_IPV4 || available != packet.length()
                || nh > available - (Ipv4Header.MIN_LENGTH + TcpHeader.MIN_LENGTH)
                || packet.checksumState() != ChecksumState.UNNECESSARY || packet.checksumBad()
                || packet.gsoSegments() > 1) {
            return false;
        }
        final ByteBuffer b = packet.headBuffer();
        final int base = packet.headOffset();
        final int ip = base + nh;
        final long w0 = b.getLong(ip); // version/IHL, TOS, total length | ID, flags/fragment offset
        final long w1 = b.getLong(ip + 8); // TTL, protocol, header checksum | source address
        final long dst = b.getInt(ip + Ipv4Header.DESTINATION_OFFSET) & 0xFFFF_FFFFL;
        final int ipLength = (int) (w0 >>> 32) & 0xFFFF;
        if ((w0 >>> 56) != Ipv4Header.VERSION_IHL_NO_OPTIONS || (w0 & (Ipv4Header.FLAG_MF | Ipv4Header.FRAGMENT_OFFSET_MASK)) != 0
                || ((w0 >>> 48) & 0x03) == Ipv4Header.ECN_CE || ((w1 >>> 48) & 0xFF) != InternetChecksum.PROTOCOL_TCP
                || ipLength != available - nh || !InternetChecksum.verifies(words(w0) + words(w1) + dst)) {
            return false;
        }
        final int t = ip + Ipv4Header.MIN_LENGTH;
        final long t1 = b.getLong(t + TcpHeader.ACK_OFFSET); // ack | data offset, flags, window
        final int doff = ((int) (t1 >>> 28) & 0x0F) * 4;
        final int payload = ipLength - Ipv4Header.MIN_LENGTH - doff;
        if (payload <= 0 || (doff != TcpHeader.MIN_LENGTH && doff != TcpHeader.LENGTH_WITH_TIMESTAMP)) {
            return false;
        }
        final long t0 = b.getLong(t); // source port, destination port | sequence number
        final long tcpSum = readTcpOptions(b, t, t0, t1, doff, s);
        if (doff == TcpHeader.LENGTH_WITH_TIMESTAMP && !s.timestamp) {
            return false; // 12 option bytes, but not NOP,NOP,TS
        }
        s.packet = packet;
        s.buffer = b;
        s.ipOffset = ip;
        s.tcpOffset = t;
        s.ipVersion = 4;
        s.srcHigh = 0;
        s.dstHigh = 0;
        s.srcLow = w1 & 0xFFFF_FFFFL;
        s.dstLow = dst;
        s.addressSum = s.srcLow + dst;
        identify(packet, s, base, nh, t0);
        s.ipHeaderLength = Ipv4Header.MIN_LENGTH;
        s.ipLength = ipLength;
        s.ipWord0 = w0;
        s.ipWord1 = w1;
        s.tcpWord0 = t0;
        s.tcpWord1 = t1;
        s.tcpHeaderSum = tcpSum;
        s.tcpHeaderLength = doff;
        s.payloadOffset = nh + Ipv4Header.MIN_LENGTH + doff;
        s.payloadLength = payload;
        s.checksumClass = Segment.CSUM_VERIFIED;
        return true;
    }

    /** The general parse: every shape, every verdict. */
    private static @Nullable Verdict parseAny(final Packet packet, final Segment s) {
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
        final ByteBuffer b;
        final int base;
        final int available;
        if (packet.headLength() > 0) {
            b = packet.headBuffer();
            base = packet.headOffset();
            available = packet.headLength();
        } else if (packet.fragmentCount() > 0) {
            b = packet.fragmentBuffer(0);
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
        final int ip = base + nh;
        s.buffer = b;
        s.ipOffset = ip;
        final int ipHeaderLength;
        // IPv4: version/IHL, TOS, total length | ID, flags/fragment offset.
        // IPv6: version, traffic class, flow label | payload length, next header, hop limit.
        final long w0 = b.getLong(ip);
        long w1 = 0;
        if (v4) {
            w1 = b.getLong(ip + 8); // TTL, protocol, header checksum | source address
            final int verIhl = (int) (w0 >>> 56) & 0xFF;
            ipHeaderLength = (verIhl & 0x0F) * 4;
            if (verIhl >>> 4 != 4 || ipHeaderLength < Ipv4Header.MIN_LENGTH) {
                return Verdict.MALFORMED;
            }
            if ((w0 & Ipv4Header.FRAGMENT_OFFSET_MASK) != 0) {
                return Verdict.IP_FRAGMENT; // a later fragment: no TCP header, so no flow to tell
            }
            if (((int) (w1 >>> 48) & 0xFF) != InternetChecksum.PROTOCOL_TCP) {
                return Verdict.NOT_TCP;
            }
            s.ipVersion = 4;
            s.srcHigh = 0;
            s.dstHigh = 0;
            s.srcLow = w1 & 0xFFFF_FFFFL;
            s.dstLow = b.getInt(ip + Ipv4Header.DESTINATION_OFFSET) & 0xFFFF_FFFFL;
            s.addressSum = s.srcLow + s.dstLow;
        } else {
            if (w0 >>> 60 != 6) {
                return Verdict.MALFORMED;
            }
            final int next = (int) (w0 >>> 8) & 0xFF;
            if (next != InternetChecksum.PROTOCOL_TCP) {
                return isExtensionHeader(next) ? Verdict.IPV6_EXTENSION_HEADERS : Verdict.NOT_TCP;
            }
            ipHeaderLength = Ipv6Header.LENGTH;
            s.ipVersion = 6;
            s.srcHigh = b.getLong(ip + Ipv6Header.SOURCE_OFFSET);
            s.srcLow = b.getLong(ip + Ipv6Header.SOURCE_OFFSET + 8);
            s.dstHigh = b.getLong(ip + Ipv6Header.DESTINATION_OFFSET);
            s.dstLow = b.getLong(ip + Ipv6Header.DESTINATION_OFFSET + 8);
            s.addressSum = words(s.srcHigh) + words(s.srcLow) + words(s.dstHigh) + words(s.dstLow);
        }
        final int th = nh + ipHeaderLength;
        if (th > total - TcpHeader.MIN_LENGTH) {
            return Verdict.MALFORMED;
        }
        if (th > available - TcpHeader.MIN_LENGTH) {
            return Verdict.SPLIT_HEADERS;
        }
        final int t = base + th;
        final long t0 = b.getLong(t); // source port, destination port | sequence number
        s.ipHeaderLength = ipHeaderLength;
        s.tcpOffset = t;
        identify(packet, s, base, nh, t0);

        // ---- the flow is known from here on: every verdict below flushes it first
        final int ipBytes = total - nh;
        s.ipLength = v4 ? (int) (w0 >>> 32) & 0xFFFF : Ipv6Header.LENGTH + ((int) (w0 >>> 16) & 0xFFFF);
        if (s.ipLength < ipHeaderLength + TcpHeader.MIN_LENGTH) {
            return Verdict.MALFORMED;
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
            if ((w0 & Ipv4Header.FLAG_MF) != 0) {
                return Verdict.IP_FRAGMENT;
            }
            if (!InternetChecksum.verifies(words(w0) + words(w1) + s.dstLow)) {
                return Verdict.BAD_IP_CHECKSUM;
            }
        }
        s.ipWord0 = w0;
        s.ipWord1 = w1;
        final long t1 = b.getLong(t + TcpHeader.ACK_OFFSET); // ack | data offset, flags, window
        final int doff = ((int) (t1 >>> 28) & 0x0F) * 4;
        if (doff < TcpHeader.MIN_LENGTH || th + doff > nh + s.ipLength) {
            return Verdict.MALFORMED;
        }
        if (th + doff > available) {
            return Verdict.SPLIT_HEADERS;
        }
        final long tcpSum = readTcpOptions(b, t, t0, t1, doff, s);
        s.tcpWord0 = t0;
        s.tcpWord1 = t1;
        s.tcpHeaderSum = tcpSum;
        s.tcpHeaderLength = doff;
        s.payloadOffset = th + doff;
        s.payloadLength = s.ipLength - ipHeaderLength - doff;
        if ((s.tos() & 0x03) == Ipv4Header.ECN_CE) {
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

    /** Fills the flow key's link-layer, device and port parts and its hash: from here the packet's flow is known. */
    private static void identify(final Packet packet, final Segment s, final int base, final int nh, final long t0) {
        s.ports = (int) (t0 >>> 32);
        s.device = packet.ingressDevice();
        readLinkLayer(packet, s, base, nh);
        s.hash = s.computeHash();
        s.identified = true;
    }

    /**
     * Reads the TCP header after its first two words: records an aligned timestamp option in {@code s} and
     * returns the whole header's unfolded checksum sum (the options included, whatever their layout).
     */
    private static long readTcpOptions(final ByteBuffer b, final int t, final long t0, final long t1, final int doff,
            final Segment s) {
        final int t2 = b.getInt(t + TcpHeader.CHECKSUM_OFFSET); // checksum, urgent pointer
        long sum = words(t0) + words(t1) + (t2 & 0xFFFF_FFFFL);
        s.timestamp = false;
        if (doff == TcpHeader.LENGTH_WITH_TIMESTAMP) {
            final long t3 = b.getLong(t + TcpHeader.OPTIONS_OFFSET); // NOP, NOP, kind, length | TSval
            final int t4 = b.getInt(t + TcpHeader.TSECR_OFFSET);
            sum += words(t3) + (t4 & 0xFFFF_FFFFL);
            if ((int) (t3 >>> 32) == TcpHeader.ALIGNED_TIMESTAMP_WORD) {
                s.timestamp = true;
                s.tsval = (int) t3;
                s.tsecr = t4;
            }
        } else if (doff > TcpHeader.MIN_LENGTH) {
            sum += InternetChecksum.sum(b, t + TcpHeader.OPTIONS_OFFSET, doff - TcpHeader.MIN_LENGTH, 0);
        }
        return sum;
    }

    /** The two 32-bit halves of a word, added: congruent to the RFC 1071 sum of its four 16-bit words. */
    private static long words(final long word) {
        return (word >>> 32) + (word & 0xFFFF_FFFFL);
    }

    /** Sets the checksum class; a COMPLETE sum is checked here, which costs no payload read. */
    private static @Nullable Verdict classifyChecksum(final Packet packet, final Segment s) {
        final ChecksumState state = packet.checksumState();
        if (state == ChecksumState.UNNECESSARY) { // the common case first
            s.checksumClass = Segment.CSUM_VERIFIED;
            return null;
        }
        switch (state) {
            case UNNECESSARY -> s.checksumClass = Segment.CSUM_VERIFIED;
            case NONE -> s.checksumClass = Segment.CSUM_UNVERIFIED;
            case PARTIAL -> s.checksumClass = Segment.CSUM_PARTIAL;
            case COMPLETE -> {
                // COMPLETE covers the IP header too; take its sum out and add the pseudo-header.
                final long ipSum = InternetChecksum.sum(s.buffer, s.ipOffset, s.ipHeaderLength, 0);
                final long sum = packet.checksumValue() + InternetChecksum.negate(InternetChecksum.fold(ipSum))
                        + InternetChecksum.pseudoHeaderSum(s.addressSum, s.ipLength - s.ipHeaderLength);
                if (!InternetChecksum.verifies(sum)) {
                    return Verdict.BAD_TCP_CHECKSUM;
                }
                s.checksumClass = Segment.CSUM_VERIFIED;
            }
        }
        return null;
    }

    /**
     * The sum of the segment's payload, recovered from its TCP checksum field without reading the payload
     * (inet_lro's {@code lro_tcp_data_csum}): for a correct field, payload = -(pseudo-header + TCP header).
     */
    static int payloadSumFromField(final Segment s) {
        return InternetChecksum.negate(InternetChecksum.fold(headerAndPseudoSum(s)));
    }

    /** The unfolded sum of the segment's TCP header and pseudo-header: minus its payload sum, for a correct field. */
    static long headerAndPseudoSum(final Segment s) {
        return s.tcpHeaderSum + InternetChecksum.pseudoHeaderSum(s.addressSum, s.tcpHeaderLength + s.payloadLength);
    }

    /** Verifies the TCP checksum in software, reading the payload wherever it lies (head or fragments). */
    static boolean verifyInSoftware(final Segment s) {
        final Packet packet = s.packet;
        if (packet == null) {
            return false;
        }
        long sum = s.tcpHeaderSum;
        sum += InternetChecksum.pseudoHeaderSum(s.addressSum, s.tcpHeaderLength + s.payloadLength);
        sum += packet.checksum(s.payloadOffset, s.payloadLength);
        return InternetChecksum.verifies(sum);
    }

    private static void readLinkLayer(final Packet packet, final Segment s, final int base, final int nh) {
        final int mac = packet.macHeader();
        long key = packet.hasVlanTag() ? 0x1000L | (packet.vlanTci() & EthernetHeader.VLAN_ID_MASK) : 0;
        if (mac >= 0 && mac < nh) {
            final ByteBuffer b = s.buffer;
            final int at = base + mac;
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
