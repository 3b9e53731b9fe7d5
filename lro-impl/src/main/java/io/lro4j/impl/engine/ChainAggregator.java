package io.lro4j.impl.engine;

import io.lro4j.api.packet.Packet;

/**
 * skb mode (inet_lro's {@code lro_add_packet}): the segment's headers are pulled off and its packet is
 * chained on the aggregate's frag list. Only linear packets are merged; a fragmented one is passed up.
 */
final class ChainAggregator implements Aggregator {

    @Override
    public boolean accepts(final Packet packet) {
        return !packet.isFragmented();
    }

    @Override
    public boolean fits(final FlowDescriptor d, final Segment s) {
        return true;
    }

    @Override
    public void append(final FlowDescriptor d, final Packet parent, final Segment s) {
        final Packet packet = s.packet;
        if (packet == null) {
            throw new IllegalStateException("segment without a packet");
        }
        packet.pull(s.payloadOffset);
        parent.appendToFragList(packet);
    }
}
