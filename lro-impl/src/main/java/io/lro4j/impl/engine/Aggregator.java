package io.lro4j.impl.engine;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.packet.Packet;

/**
 * How an aggregation mode joins a segment's payload to its flow's aggregate: chained packets (skb mode)
 * or page fragments (page mode). Nothing is copied in either.
 */
interface Aggregator {

    /** @return true if the mode can merge this packet at all (else {@code FRAGMENTED_INPUT}) */
    boolean accepts(Packet packet);

    /** @return true if {@code s} fits the aggregate's resources; checked before appending */
    boolean fits(FlowDescriptor d, Segment s);

    /** Joins the payload of {@code s} to the aggregate; the segment's packet now belongs to the aggregate. */
    void append(FlowDescriptor d, Packet parent, Segment s);

    /**
     * @param mode an aggregation mode
     * @return its aggregator
     */
    static Aggregator of(final AggregationMode mode) {
        return switch (mode) {
            case CHAIN -> new ChainAggregator();
            case FRAGMENTS -> new FragmentAggregator();
        };
    }
}
