package io.lro4j.conformance;

import io.lro4j.api.check.FrameView;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;
import java.util.Arrays;

/**
 * One packet the stack received from the driver under test, copied when it was delivered (the kit releases
 * the packet at once, as a stack that consumed it would).
 *
 * @param bytes the packet's bytes, head, fragments and frag list in order (a hardware VLAN tag put back in)
 * @param view an independent reading of those bytes
 * @param checksumState the checksum state it was delivered with
 * @param gsoType its GSO type
 * @param gsoSize its GSO segment size
 * @param gsoSegments the segments it holds (0 or 1 for a plain packet)
 * @param vlanTag the hardware VLAN tag it carried, or -1
 * @param pageFragments the page fragments it had, its own and its frag list members'
 * @param chainMembers the packets on its frag list (skb-mode aggregation)
 * @param linearizes true if linearizing it, as a stack or bridge would, gave one contiguous copy of the same
 *     bytes and counted the copy
 */
@SuppressWarnings("ArrayRecordComponent") // a snapshot for checks; deliveries are never compared or hashed
public record Delivery(byte[] bytes, FrameView view, ChecksumState checksumState, GsoType gsoType, int gsoSize,
        int gsoSegments, int vlanTag, int pageFragments, int chainMembers, boolean linearizes) {


    /**
     * Copies a delivered packet, then linearizes it with buffers from {@code pool}. A hardware-extracted VLAN
     * tag is put back into the copy's bytes, where it was on the wire, so that the copy compares with the
     * injected frame.
     */
    static Delivery of(final Packet packet, final BufferPool pool) {
        final byte[] original = packet.toByteArray();
        int pageFragments = packet.fragmentCount();
        int chainMembers = 0;
        for (Packet m = packet.fragList(); m != null; m = m.next()) {
            chainMembers++;
            pageFragments += m.fragmentCount();
        }
        final boolean nonLinear = packet.isFragmented();
        final int length = packet.length();
        final int outsideHead = packet.dataLength();
        final int copied = packet.linearize(pool);
        final boolean linearizes = !packet.isFragmented() && Arrays.equals(original, packet.toByteArray())
                && (nonLinear ? copied == length || copied == outsideHead : copied == 0);
        final int tag = packet.hasVlanTag() ? packet.vlanTci() & 0xFFF : -1;
        final byte[] bytes = tag < 0 ? original : packet.toFrameBytes();
        return new Delivery(bytes, FrameView.of(bytes, false, -1, 0), packet.checksumState(), packet.gsoType(),
                packet.gsoSize(), packet.gsoSegments(), tag, pageFragments, chainMembers, linearizes);
    }

    /** @return the segments this delivery stands for: its GSO count, or 1 */
    public int segments() {
        return Math.max(1, gsoSegments);
    }

    /** @return true if it had page fragments or a frag list */
    public boolean fragmented() {
        return pageFragments > 0 || chainMembers > 0;
    }

    /** @return true if it is an aggregate of two or more segments */
    public boolean aggregate() {
        return gsoSegments > 1;
    }

    @Override
    public String toString() {
        final FrameView v = view;
        return v.tcp() ? "tcp " + v.flow() + " seq=" + v.seq() + " len=" + v.payload().length + " segs=" + gsoSegments
                + " flags=0x" + Integer.toHexString(v.flags()) : "other " + bytes.length + " bytes";
    }
}
