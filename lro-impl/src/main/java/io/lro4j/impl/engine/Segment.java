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
    int base;
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

    // IP
    int ipHeaderLength;
    /** IPv4 total length, or 40 + IPv6 payload length. */
    int ipLength;
    int tos;
    int ttl;
    int ipId;
    boolean dontFragment;
    int flowLabel;

    // TCP
    int tcpHeaderLength;
    int payloadLength;
    /** Offset of the first payload byte from the packet's data start. */
    int payloadOffset;
    int seq;
    int ack;
    int flags;
    int window;
    int checksum;
    boolean timestamp;
    int tsval;
    int tsecr;
    int checksumClass;

    /** @return true if this segment's key equals the descriptor's */
    boolean sameFlow(final FlowDescriptor d) {
        return d.hash == hash && d.srcLow == srcLow && d.dstLow == dstLow && d.ports == ports
                && d.srcHigh == srcHigh && d.dstHigh == dstHigh && d.vlanKey == vlanKey && d.device == device
                && d.ipVersion == ipVersion;
    }

    /** @return the 32-bit flow hash of the key (addresses, ports, version, VLAN, device) */
    int computeHash() {
        long h = srcLow * 0x9E3779B97F4A7C15L;
        h ^= dstLow * 0xC2B2AE3D27D4EB4FL;
        h ^= srcHigh * 0x165667B19E3779F9L;
        h ^= dstHigh * 0x27D4EB2F165667C5L;
        h ^= ((long) ports << 32 | (device * 31L + ipVersion & 0xFFFF_FFFFL)) * 0x94D049BB133111EBL;
        h ^= vlanKey * 0xD6E8FEB86659FD93L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32));
    }
}
