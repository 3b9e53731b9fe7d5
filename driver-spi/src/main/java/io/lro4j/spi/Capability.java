package io.lro4j.spi;

/**
 * A feature a driver (or the hardware behind it) may have. The conformance kit skips the rules that need
 * a capability the driver does not claim, and says so; it never fails them.
 */
public enum Capability {
    /**
     * The driver receives Ethernet frames, in-band 802.1Q tags included: every NIC driver. A raw-IP device (a
     * TUN) has no link layer; the kit gives it only untagged frames, whose Ethernet header its conformance
     * harness takes off before the device and puts back on delivery.
     */
    ETHERNET,
    /** The hardware verifies IP and TCP checksums on receive and reports it per packet. */
    RX_CHECKSUM,
    /** The hardware strips 802.1Q tags and reports them out of band ({@code NETIF_F_HW_VLAN_CTAG_RX}). */
    VLAN_EXTRACTION,
    /** The driver receives IPv6. */
    IPV6,
    /** The driver can build or deliver packets with page fragments ({@code NETIF_F_SG}). */
    SCATTER_GATHER,
    /** The driver's output path accepts packets with a frag list ({@code NETIF_F_FRAGLIST}). */
    FRAGLIST,
    /** The driver receives into pages and calls the page-mode seeker. */
    PAGE_MODE,
    /** The driver receives frames larger than 1518 bytes. */
    JUMBO_FRAMES
}
