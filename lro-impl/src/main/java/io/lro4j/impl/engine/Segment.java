package io.lro4j.impl.engine;

import io.lro4j.api.packet.Packet;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SegmentParser} learned about the packet being received: where its headers are, its flow
 * key, and the TCP/IP fields the policies look at. One instance per engine, overwritten for every packet,
 * so that parsing allocates nothing.
 */
final class Segment {

    /** Checksum class: verified (by hardware, the seeker, or the engine). */
    static final int CSUM_VERIFIED = 0;
    /** Checksum class: not verified; the rebuilt checksum keeps any corruption detectable. */
    static final int CSUM_UNVERIFIED = 1;
    /** Checksum class: PARTIAL (locally generated, the field holds the pseudo-header sum). */
    static final int CSUM_PARTIAL = 2;

    @Nullable Packet packet;
    /** True once the flow key below is valid: the packet's flow can then be flushed before it is delivered. */
    boolean identified;

    // where (absolute indexes into buffer, which holds all headers)
    ByteBuffer buffer = ByteBuffer.allocate(0);
    int macOffset;
    int macLength;
    int ipOffset;
    int tcpOffset;

    // flow key
    int ipVersion;
    long srcHigh;
    long srcLow;
    long dstHigh;
    long dstLow;
    int ports;
    long vlanKey;
    int device;
    int hash;

    // IP: lengths, and the header's first two words as loaded (the GRO-only fields are derived on demand)
    int ipHeaderLength;
    /** IPv4 total length, or 40 + IPv6 payload length. */
    int ipLength;
    /** IPv4: version/IHL, TOS, total length | ID, flags/fragment offset. IPv6: version, class, label | length, next, hops. */
    long ipWord0;
    /** IPv4: TTL, protocol, header checksum | source address. Unused for IPv6. */
    long ipWord1;

    // TCP: lengths, sums, and the header words as loaded
    int tcpHeaderLength;
    int payloadLength;
    /** Offset of the first payload byte from the packet's data start. */
    int payloadOffset;
    /** Source port, destination port | sequence number. */
    long tcpWord0;
    /** Acknowledgment number | data offset, flags, window. */
    long tcpWord1;
    /** Unfolded Internet-checksum sum of the whole TCP header, its checksum field included. */
    long tcpHeaderSum;
    /** Unfolded sum of the source and destination addresses, for the pseudo-header. */
    long addressSum;
    /** True if the options are exactly NOP, NOP, TS. */
    boolean timestamp;
    int tsval;
    int tsecr;
    int checksumClass;

    int seq() {
        return (int) tcpWord0;
    }

    int ack() {
        return (int) (tcpWord1 >>> 32);
    }

    int flags() {
        return (int) (tcpWord1 >>> 16) & 0xFF;
    }

    int window() {
        return (int) tcpWord1 & 0xFFFF;
    }

    /** @return the TOS byte (IPv4) or traffic class (IPv6) */
    int tos() {
        return ipVersion == 4 ? (int) (ipWord0 >>> 48) & 0xFF : (int) (ipWord0 >>> 52) & 0xFF;
    }


    /** @return the IPv4 identification, 0 for IPv6 */
    int ipId() {
        return ipVersion == 4 ? (int) (ipWord0 >>> 16) & 0xFFFF : 0;
    }



    /** @return true if this segment's key equals the descriptor's */
    boolean sameFlow(final FlowDescriptor d) {
        return d.hash == hash && d.srcLow == srcLow && d.dstLow == dstLow && d.ports == ports
                && d.srcHigh == srcHigh && d.dstHigh == dstHigh && d.vlanKey == vlanKey && d.device == device
                && d.ipVersion == ipVersion;
    }

    /**
     * The 32-bit flow hash of the key (addresses, ports, version, VLAN, device). The four products are
     * independent, so they issue in parallel rather than as a chain of dependent multiplies; the upper half,
     * which depends on every input bit, is folded into the lower half that indexes the table.
     */
    int computeHash() {
        final long h = srcLow * 0x9E3779B97F4A7C15L + dstLow * 0xC2B2AE3D27D4EB4FL
                + ((long) ports << 32 | (device * 31L + ipVersion & 0xFFFF_FFFFL)) * 0x94D049BB133111EBL
                + (srcHigh ^ Long.rotateLeft(dstHigh, 23) ^ vlanKey) * 0xD6E8FEB86659FD93L;
        return (int) (h ^ (h >>> 32));
    }
}
