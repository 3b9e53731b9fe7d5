package io.lro4j.xen.dom0;

/**
 * What happens when an LRO aggregate built by the physical NIC's driver reaches the bridge, which in
 * Linux 2.6.18 cannot transmit a frag-list packet into a Xen 3.1 vif (research notes §3.5, §3.6).
 */
public enum BridgeMode {
    /**
     * The paper's: the bridge's transmit path linearizes a frag-list packet for a port without FRAGLIST
     * before anything else (one copy of every byte beyond the head), then passes it on.
     */
    PAPER("paper", "linearize frag-list aggregates, then pass them"),
    /**
     * Linux 2.6.18 as written: {@code dev_queue_xmit} takes the GSO path first and {@code skb_gso_segment}
     * hits {@code BUG_ON(frag_list)}. The model reports that crash as an error and drops the packet.
     */
    LINUX_2_6_18("2.6.18", "literal 2.6.18: a frag-list aggregate hits the skb_gso_segment BUG"),
    /**
     * Linux 2.6.27 and later: {@code dev_disable_lro} switches LRO off on a device added to a bridge, and
     * forwarding drops any LRO packet that gets through ({@code skb_warn_if_lro}).
     */
    LINUX_2_6_27("2.6.27", "LRO refused on bridged ports"),
    /**
     * lro4j's own: the NIC's engine runs in forwarding mode (only GRO-policy aggregates, which carry exact
     * GSO information), the vif has FRAGLIST, SG and TSO, and netback walks head, fragments and frag list
     * into dense slots with a GSO extra: aggregates cross the ring without being linearized.
     */
    GSO_AWARE("gso-aware", "GRO-policy aggregates cross the ring with GSO info, no linearization");

    private final String id;
    private final String description;

    BridgeMode(final String id, final String description) {
        this.id = id;
        this.description = description;
    }

    /** @return the short name used on command lines */
    public String id() {
        return id;
    }

    /** @return one line saying what it does */
    public String description() {
        return description;
    }

    /**
     * @param id a short name
     * @return the mode
     * @throws IllegalArgumentException naming the valid ones
     */
    public static BridgeMode of(final String id) {
        for (final BridgeMode m : values()) {
            if (m.id.equalsIgnoreCase(id) || m.name().equalsIgnoreCase(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("bridge mode must be one of paper, 2.6.18, 2.6.27, gso-aware; was " + id);
    }
}
