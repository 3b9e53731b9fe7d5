package io.lro4j.xen.ring;

/**
 * Constants of Xen's network interface protocol ({@code public/io/netif.h}, Xen 3.1, with the later
 * additions named as such): request and response flags, statuses, extra-info types and GSO types.
 */
public final class Netif {

    /** RX response flag: the data was validated against its protocol checksum. */
    public static final int NETRXF_DATA_VALIDATED = 1;
    /** RX response flag: the protocol checksum field is blank (the sender offloaded it); the data is good. */
    public static final int NETRXF_CSUM_BLANK = 1 << 1;
    /** RX response flag: the packet continues in the next slot. */
    public static final int NETRXF_MORE_DATA = 1 << 2;
    /** RX response flag: extra-info slots follow this one. */
    public static final int NETRXF_EXTRA_INFO = 1 << 3;

    /** TX request flag: the protocol checksum field is blank (note: bit 0 on TX, bit 1 on RX). */
    public static final int NETTXF_CSUM_BLANK = 1;
    /** TX request flag: the data was validated. */
    public static final int NETTXF_DATA_VALIDATED = 1 << 1;
    /** TX request flag: the packet continues in the next request. */
    public static final int NETTXF_MORE_DATA = 1 << 2;
    /** TX request flag: extra-info requests follow. */
    public static final int NETTXF_EXTRA_INFO = 1 << 3;

    /** Response status: the packet was dropped. */
    public static final int NETIF_RSP_DROPPED = -2;
    /** Response status: an error. */
    public static final int NETIF_RSP_ERROR = -1;
    /** Response status: success. */
    public static final int NETIF_RSP_OKAY = 0;
    /** Response status: no response (an auxiliary slot). */
    public static final int NETIF_RSP_NULL = 1;

    /** Extra-info type: none (invalid). */
    public static final int XEN_NETIF_EXTRA_TYPE_NONE = 0;
    /** Extra-info type: GSO. */
    public static final int XEN_NETIF_EXTRA_TYPE_GSO = 1;
    /** Extra-info flag: another extra-info slot follows. */
    public static final int XEN_NETIF_EXTRA_FLAG_MORE = 1;

    /** GSO type: TCP over IPv4. */
    public static final int XEN_NETIF_GSO_TYPE_TCPV4 = 1;
    /** GSO type: TCP over IPv6 (after Xen 3.1). */
    public static final int XEN_NETIF_GSO_TYPE_TCPV6 = 2;

    /** Bytes of an RX request and of an RX response, so of an RX ring slot. */
    public static final int RX_SLOT_SIZE = 8;
    /** Bytes of a TX ring slot: the 12-byte request (the response is 4). */
    public static final int TX_SLOT_SIZE = 12;

    /** {@code MAX_SKB_FRAGS} of Linux 2.6.18 with 4 KiB pages: 65536 / 4096 + 2. */
    public static final int MAX_SKB_FRAGS = 18;
    /** Bytes netfront copies into a packet's linear area ({@code RX_COPY_THRESHOLD}). */
    public static final int RX_COPY_THRESHOLD = 256;

    private Netif() {
    }
}
