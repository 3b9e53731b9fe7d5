package io.lro4j.xen.accounting;

/**
 * One figure the model counts, with the stage it belongs to: copies in bytes and operations, grant
 * operations, ring slots, notifications and packets, so that configurations can be compared stage by stage
 * the way the paper's Tables III to V compare them.
 */
public enum Counter {
    /** Packets the physical NIC's driver passed up to the bridge (aggregates count once). */
    NIC_PACKETS(Stage.NIC, "packets passed up by the NIC driver"),
    /** Frames the physical NIC put on the wire (the guest's ACKs). */
    NIC_TRANSMITTED(Stage.NIC, "frames transmitted"),

    /** Packets that entered the bridge on any port. */
    BRIDGE_PACKETS(Stage.BRIDGE, "packets in"),
    /** Packets sent out of one port whose destination was learnt. */
    BRIDGE_FORWARDED(Stage.BRIDGE, "forwarded to a learnt port"),
    /** Packets sent out of every other port (broadcast, multicast or unknown destination). */
    BRIDGE_FLOODED(Stage.BRIDGE, "flooded"),
    /** Packets whose learnt port is the one they came in on ({@code should_deliver}). */
    BRIDGE_FILTERED(Stage.BRIDGE, "filtered (destination on the ingress port)"),
    /** Copies made to flood one packet to several ports (Linux clones share the data instead). */
    BRIDGE_FLOOD_COPY_BYTES(Stage.BRIDGE, "bytes copied to flood"),
    /** Packets whose hardware-stripped VLAN tag was put back into the frame (a copy) on entering the bridge. */
    BRIDGE_VLAN_INSERT(Stage.BRIDGE, "VLAN tags put back"),
    /** Over-MTU packets without GSO information, dropped by {@code br_dev_queue_push_xmit}. */
    BRIDGE_DROPPED_MTU(Stage.BRIDGE, "dropped: over MTU without GSO"),
    /** LRO-made packets dropped at forwarding ({@code skb_warn_if_lro}, Linux 2.6.27 and later). */
    BRIDGE_DROPPED_LRO(Stage.BRIDGE, "dropped: LRO packet forwarded"),
    /** Packets linearized on a port's transmit path (frag list without FRAGLIST, fragments without SG). */
    BRIDGE_LINEARIZE(Stage.BRIDGE, "linearize copies"),
    /** Bytes those linearizations copied. */
    BRIDGE_LINEARIZE_BYTES(Stage.BRIDGE, "linearize bytes copied"),
    /** GSO packets segmented in software because the port cannot take their GSO type. */
    BRIDGE_GSO_SEGMENTED(Stage.BRIDGE, "GSO packets segmented in software"),
    /** Segments those produced. */
    BRIDGE_GSO_SEGMENTS(Stage.BRIDGE, "segments produced by software GSO"),
    /** Partial checksums completed in software because the port cannot ({@code skb_checksum_help}). */
    BRIDGE_CHECKSUM_HELP(Stage.BRIDGE, "checksums completed in software"),
    /**
     * Linux 2.6.18's crash path: a frag-list aggregate reached {@code skb_gso_segment}'s
     * {@code BUG_ON(frag_list)}. The model reports it here and drops the packet.
     */
    BRIDGE_FRAG_LIST_BUG(Stage.BRIDGE, "BUG: frag_list reached skb_gso_segment"),

    /** The driver domain's own packets sent through netloop to the bridge. */
    NETLOOP_SENT(Stage.NETLOOP, "driver-domain packets to the bridge"),
    /** Packets the bridge delivered to the driver domain's own stack. */
    NETLOOP_RECEIVED(Stage.NETLOOP, "packets to the driver domain's stack"),

    /** Packets netback put on the guest's RX ring. */
    NETBACK_RX_PACKETS(Stage.NETBACK, "RX packets to the guest"),
    /** Bytes of those packets. */
    NETBACK_RX_BYTES(Stage.NETBACK, "RX bytes to the guest"),
    /** RX ring slots used, data and extra. */
    NETBACK_RX_SLOTS(Stage.NETBACK, "RX ring slots used"),
    /** RX ring slots that carried GSO extra information. */
    NETBACK_RX_EXTRA_SLOTS(Stage.NETBACK, "RX extra-info slots"),
    /** Runs of the RX tasklet ({@code net_rx_action}), each one batch of grant copies. */
    NETBACK_RX_BATCHES(Stage.NETBACK, "RX batches"),
    /** Packets dropped because the vif was not connected or the guest had posted too few buffers. */
    NETBACK_RX_DROPPED(Stage.NETBACK, "RX dropped: no guest buffers"),
    /** Packets dropped because the vif's queue discipline was full. */
    NETBACK_QDISC_DROPPED(Stage.NETBACK, "RX dropped: vif queue full"),
    /** Times the vif's queue was stopped for want of guest buffers. */
    NETBACK_QUEUE_STOPS(Stage.NETBACK, "vif queue stops"),
    /** Packets copied by {@code netbk_copy_skb} because their head crossed a page. */
    NETBACK_COPY_SKB(Stage.NETBACK, "netbk_copy_skb copies"),
    /** Bytes those copies moved. */
    NETBACK_COPY_SKB_BYTES(Stage.NETBACK, "netbk_copy_skb bytes"),
    /** Frag-list packets that reached Xen 3.1's netback, which would lose the frag list: dropped, counted. */
    NETBACK_FRAG_LIST_DROPPED(Stage.NETBACK, "dropped: frag list at netback"),
    /** RX responses pushed with an error status (a failed grant copy). */
    NETBACK_RX_ERRORS(Stage.NETBACK, "RX error responses"),
    /** Notifications netback sent after pushing RX responses (de-duplicated per batch). */
    NETBACK_RX_NOTIFY(Stage.NETBACK, "RX notifications"),
    /** Packets netback took from the guest's TX ring. */
    NETBACK_TX_PACKETS(Stage.NETBACK, "TX packets from the guest"),
    /** Bytes copied from mapped TX pages into packet heads ({@code PKT_PROT_LEN}). */
    NETBACK_TX_HEADER_BYTES(Stage.NETBACK, "TX header bytes copied"),
    /** TX requests refused (bad size or offset, failed map). */
    NETBACK_TX_ERRORS(Stage.NETBACK, "TX errors"),

    /** Grant copy operations ({@code GNTTABOP_copy}). */
    GRANT_COPY(Stage.HYPERVISOR, "grant copy operations"),
    /** Bytes those copied. */
    GRANT_COPY_BYTES(Stage.HYPERVISOR, "grant copy bytes"),
    /** Grant copies that failed (bad reference, permission, bounds). */
    GRANT_COPY_FAILED(Stage.HYPERVISOR, "grant copies failed"),
    /** Grant copy hypercalls (each a batch). */
    GRANT_COPY_HYPERCALLS(Stage.HYPERVISOR, "grant copy hypercalls"),
    /** Grant map operations. */
    GRANT_MAP(Stage.HYPERVISOR, "grant maps"),
    /** Grant unmap operations. */
    GRANT_UNMAP(Stage.HYPERVISOR, "grant unmaps"),
    /** Grant maps that failed. */
    GRANT_MAP_FAILED(Stage.HYPERVISOR, "grant maps failed"),
    /** Event channel sends ({@code EVTCHNOP_send}). */
    EVTCHN_SEND(Stage.HYPERVISOR, "event channel sends"),
    /** Sends that found the port already pending and coalesced. */
    EVTCHN_COALESCED(Stage.HYPERVISOR, "sends coalesced (already pending)"),
    /** Event handlers run (one per pending edge). */
    EVTCHN_UPCALL(Stage.HYPERVISOR, "event handlers run"),

    /** NAPI polls of netfront. */
    NETFRONT_POLLS(Stage.NETFRONT, "polls"),
    /** Packets netfront built from RX responses. */
    NETFRONT_RX_PACKETS(Stage.NETFRONT, "RX packets"),
    /** Bytes of those packets. */
    NETFRONT_RX_BYTES(Stage.NETFRONT, "RX bytes"),
    /** RX ring slots consumed, data and extra. */
    NETFRONT_RX_SLOTS(Stage.NETFRONT, "RX slots consumed"),
    /** Packets that spanned several data slots ({@code more_data}): fragmented packets. */
    NETFRONT_RX_MULTI_SLOT(Stage.NETFRONT, "multi-slot (fragmented) packets"),
    /** Packets that carried GSO extra information. */
    NETFRONT_RX_GSO(Stage.NETFRONT, "packets with GSO info"),
    /** Bytes copied into packet heads (the first 256 bytes of a multi-slot packet). */
    NETFRONT_HEADER_COPY_BYTES(Stage.NETFRONT, "header bytes copied"),
    /** Packets dropped with an error ({@code rx_errors}): bad responses, missing extras, too many slots. */
    NETFRONT_RX_ERRORS(Stage.NETFRONT, "RX errors"),
    /** Of those, packets with too many slots ({@code -E2BIG}). */
    NETFRONT_E2BIG(Stage.NETFRONT, "RX errors: too many slots (E2BIG)"),
    /** RX requests posted with a granted page. */
    NETFRONT_RX_POSTED(Stage.NETFRONT, "RX buffers posted"),
    /** Notifications netfront sent after posting RX buffers. */
    NETFRONT_RX_NOTIFY(Stage.NETFRONT, "RX refill notifications"),
    /** Packets the guest sent through netfront's TX ring. */
    NETFRONT_TX_PACKETS(Stage.NETFRONT, "TX packets"),
    /** Packets the guest could not send (TX ring full, bad length). */
    NETFRONT_TX_DROPPED(Stage.NETFRONT, "TX dropped"),
    /** Notifications netfront sent after pushing TX requests. */
    NETFRONT_TX_NOTIFY(Stage.NETFRONT, "TX notifications"),

    /** Packets that reached the guest's stack (after its LRO, if any). */
    GUEST_PACKETS(Stage.GUEST_STACK, "packets received"),
    /** Bytes of those packets. */
    GUEST_BYTES(Stage.GUEST_STACK, "bytes received"),
    /** Of those, fragmented packets (page fragments or a frag list). */
    GUEST_FRAGMENTED(Stage.GUEST_STACK, "fragmented packets received");

    private final Stage stage;
    private final String description;

    Counter(final Stage stage, final String description) {
        this.stage = stage;
        this.description = description;
    }

    /** @return the stage it belongs to */
    public Stage stage() {
        return stage;
    }

    /** @return what it counts */
    public String description() {
        return description;
    }
}
