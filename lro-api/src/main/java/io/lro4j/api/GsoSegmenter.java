package io.lro4j.api;

import io.lro4j.api.packet.Packet;

/**
 * Splits a packet that stands for several TCP segments back into those segments: software GSO, the
 * inverse of GRO-policy aggregation ({@code split(merge(x)) == x}, byte for byte).
 *
 * <p>Each segment gets its share of the payload, its own sequence number, IPv4 ID (+1 per segment unless
 * the packet carries {@link Packet#GSO_FIXED_ID}), lengths and checksums; PSH and FIN only on the last,
 * CWR only on the first. Aggregates made under the inet_lro policy ({@link Packet#GSO_LRO}) are split too,
 * into valid segments of {@link Packet#gsoSize()} bytes, but those are not the original segments.
 */
public interface GsoSegmenter {

    /**
     * Splits {@code packet} and delivers the segments in order; a packet without GSO information is
     * delivered unchanged. Ownership of {@code packet} passes to the segmenter.
     *
     * @param packet a packet, typically an aggregate
     * @param out receives the segments
     * @return the number of packets delivered
     */
    int segment(Packet packet, PacketSink out);
}
