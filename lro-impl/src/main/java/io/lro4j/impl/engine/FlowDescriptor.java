package io.lro4j.impl.engine;

import io.lro4j.api.packet.Packet;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The state of one flow that holds an aggregate: inet_lro's {@code net_lro_desc}. Descriptors are created
 * once by the {@link FlowTable} and reused; all fields are rewritten when a flow starts.
 */
final class FlowDescriptor {

    final int index;

    // ---- key (see Segment)
    int hash;
    int ipVersion;
    long srcHigh;
    long srcLow;
    long dstHigh;
    long dstLow;
    int ports;
    long vlanKey;
    int device;

    // ---- table bookkeeping
    /** Slot in the open-addressing table, maintained by {@link FlowTable}. */
    int slot;
    /** Activation order: older and newer active descriptors. */
    @Nullable FlowDescriptor older;
    @Nullable FlowDescriptor newer;
    boolean active;
    long startNanos;

    // ---- the aggregate
    @Nullable Packet parent;
    ByteBuffer headerBuffer = ByteBuffer.allocate(0);
    int macOffset;
    int macLength;
    int ipOffset;
    int ipHeaderLength;
    int tcpOffset;
    int tcpHeaderLength;
    /** Segments in the aggregate. */
    int segments;
    /** IPv4 total length, or 40 + IPv6 payload length, of the aggregate. */
    int ipLength;
    int payloadBytes;
    /**
     * Raw sum of (TCP header + pseudo-header) over the segments whose payload starts at an even offset of the
     * aggregate: their payload sum is its negation, folded once at flush (negation is linear in ones'
     * complement, so no per-segment fold is needed).
     */
    long evenHeaderSums;
    /** Folded, byte-swapped payload sums of the segments that start at an odd offset. */
    long oddPayloadSums;
    long addressSum;
    int checksumClass;
    long lastTimestampNanos;

    // ---- TCP state
    int nextSeq;
    int ack;
    int window;
    boolean timestamps;
    int tsval;
    int tsecr;
    int firstFlags;
    /** Flags to OR into the header at flush: PSH (both policies), FIN (GRO policy). */
    int orFlags;
    int firstSegmentSize;
    int largestSegmentSize;

    // ---- IP and link-layer state (GRO policy): the first segment's header words, compared under masks
    long firstIpWord0;
    long firstIpWord1;
    int firstIpId;
    boolean fixedId;
    /** The first 8 and the last 8 bytes of the first segment's link-layer header (they overlap below 16). */
    long macHead;
    long macTail;

    FlowDescriptor(final int index) {
        this.index = index;
    }

    /** @return payload plus TCP header bytes, the quantity both IP length fields are limited by */
    int tcpLength() {
        return ipLength - ipHeaderLength;
    }

    /** @return the 16-bit IP length field's value: IPv4 total length or IPv6 payload length */
    int lengthField() {
        return ipVersion == 4 ? ipLength : ipLength - ipHeaderLength;
    }

    void copyKey(final Segment s) {
        hash = s.hash;
        ipVersion = s.ipVersion;
        srcHigh = s.srcHigh;
        srcLow = s.srcLow;
        dstHigh = s.dstHigh;
        dstLow = s.dstLow;
        ports = s.ports;
        vlanKey = s.vlanKey;
        device = s.device;
    }
}
