package io.lro4j.api.packet;

/**
 * The segmentation type of a packet that stands for several TCP segments: Linux's {@code gso_type}.
 */
public enum GsoType {
    /** An ordinary packet. */
    NONE,
    /** Several TCP-over-IPv4 segments. */
    TCPV4,
    /** Several TCP-over-IPv6 segments. */
    TCPV6
}
