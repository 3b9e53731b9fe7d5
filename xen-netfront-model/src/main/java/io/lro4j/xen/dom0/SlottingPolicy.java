package io.lro4j.xen.dom0;

/**
 * How netback lays a packet out in RX ring slots (research notes §3.1, §3.3, §3.7).
 */
public enum SlottingPolicy {
    /**
     * Xen 3.1's {@code netbk_gop_skb}: one slot for the linear head, one for GSO extra information, one per
     * page fragment; the frag list is not walked (the model drops and counts such a packet rather than lose
     * its tail), and a head crossing a page is first copied by {@code netbk_copy_skb}.
     */
    XEN_3_1,
    /**
     * Linux 4.10's {@code xenvif_rx_skb}: the packet's bytes, head, fragments and frag list alike, packed
     * densely into 4096-byte slots, the GSO extra after the first.
     */
    DENSE
}
