package io.lro4j.spi;

import io.lro4j.api.packet.Packet;

/**
 * skb mode's header seeker, inet_lro's {@code get_skb_header}: given a received packet, find its IP and
 * TCP headers and say what the hardware verified.
 *
 * <p>A driver knows its frame format (Ethernet, tags, a hardware prefix, raw IP) and what its hardware
 * reported in the receive descriptor; a seeker turns that into a {@link HeaderLocation}. It must not keep
 * the packet or change its bytes. It may set metadata the hardware supplied (a VLAN tag, a COMPLETE
 * checksum), though a driver usually does that before handing the packet over.
 */
@FunctionalInterface
public interface SkbHeaderSeeker {

    /**
     * Locates the headers of {@code packet}.
     *
     * @param packet a received packet; offsets count from its data start
     * @param out cleared before the call; receives the offsets and flags
     * @return true to offer the packet for aggregation, false to refuse it (it is then passed up unmerged,
     *     counted as {@link io.lro4j.api.Verdict#NOT_LOCATED}); inet_lro callbacks returned non-zero for this
     */
    boolean seek(Packet packet, HeaderLocation out);
}
