package io.lro4j.api.packet;

/**
 * What is known about a received packet's transport checksum: Linux's {@code skb->ip_summed}.
 */
public enum ChecksumState {
    /** Nothing was verified; the stack must verify the checksum in software. */
    NONE,
    /** The hardware (or a software header seeker) verified the TCP checksum; it is correct. */
    UNNECESSARY,
    /**
     * The hardware supplied the ones' complement sum of the bytes from the network header to the end of
     * the packet in {@link Packet#checksumValue()}; the stack verifies against it without reading the data.
     */
    COMPLETE,
    /**
     * The checksum field holds only the pseudo-header sum and is still to be computed: a locally generated
     * packet (for example driver-domain traffic that never left the host). {@link Packet#checksumStart()}
     * and {@link Packet#checksumOffset()} say where.
     */
    PARTIAL
}
