package io.lro4j.impl.engine;

import io.lro4j.api.packet.Packet;

/**
 * page mode (inet_lro's {@code lro_add_frags}): the buffers holding the segment's payload become page
 * fragments of the aggregate and the segment's packet object is released. The fragment capacity is
 * checked before anything is appended, so it is never exceeded (inet_lro checked after; see the research
 * notes, pitfall 8). Packets with page fragments are merged; packets with a frag list are not.
 */
final class FragmentAggregator implements Aggregator {

    @Override
    public boolean accepts(final Packet packet) {
        return packet.fragList() == null;
    }

    @Override
    public boolean fits(final FlowDescriptor d, final Segment s) {
        final Packet parent = d.parent;
        final Packet packet = s.packet;
        return parent != null && packet != null
                && parent.fragmentCount() + packet.piecesFrom(s.payloadOffset) <= parent.maxFragments();
    }

    @Override
    public void append(final FlowDescriptor d, final Packet parent, final Segment s) {
        final Packet packet = s.packet;
        if (packet == null) {
            throw new IllegalStateException("segment without a packet");
        }
        parent.appendFragmentsFrom(packet, s.payloadOffset);
    }
}
