package io.lro4j.conformance;

import io.lro4j.api.check.FrameView;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.GsoType;
import io.lro4j.api.packet.Packet;

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
 * @param fragmented true if it had page fragments or a frag list
 */
@SuppressWarnings("ArrayRecordComponent") // a snapshot for checks; deliveries are never compared or hashed
public record Delivery(byte[] bytes, FrameView view, ChecksumState checksumState, GsoType gsoType, int gsoSize,
        int gsoSegments, int vlanTag, boolean fragmented) {

    private static final int ETHER_TYPE_OFFSET = 12;

    /**
     * Copies a delivered packet. A hardware-extracted VLAN tag is put back into the copy's bytes, where it was
     * on the wire, so that the copy compares with the injected frame.
     */
    static Delivery of(final Packet packet) {
        byte[] bytes = packet.toByteArray();
        int tag = -1;
        if (packet.hasVlanTag() && bytes.length >= ETHER_TYPE_OFFSET) {
            tag = packet.vlanTci() & 0xFFF;
            final byte[] tagged = new byte[bytes.length + 4];
            System.arraycopy(bytes, 0, tagged, 0, ETHER_TYPE_OFFSET);
            tagged[ETHER_TYPE_OFFSET] = (byte) 0x81;
            tagged[ETHER_TYPE_OFFSET + 2] = (byte) (packet.vlanTci() >>> 8);
            tagged[ETHER_TYPE_OFFSET + 3] = (byte) packet.vlanTci();
            System.arraycopy(bytes, ETHER_TYPE_OFFSET, tagged, ETHER_TYPE_OFFSET + 4, bytes.length - ETHER_TYPE_OFFSET);
            bytes = tagged;
        }
        return new Delivery(bytes, FrameView.of(bytes, false, -1, 0), packet.checksumState(), packet.gsoType(),
                packet.gsoSize(), packet.gsoSegments(), tag, packet.isFragmented());
    }

    /** @return the segments this delivery stands for: its GSO count, or 1 */
    public int segments() {
        return Math.max(1, gsoSegments);
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
