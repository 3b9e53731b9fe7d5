package io.lro4j.testbed.cpu;

/**
 * The receiving kernels' operations the testbed charges itself: what the NIC driver, the LRO engine and the
 * receiver's TCP do per interrupt, poll, packet, byte and ACK. (The Xen model's own operations are its
 * {@link io.lro4j.xen.accounting.Counter counters}, charged as they are counted.) Each has a cost in cycles
 * in {@code costs.properties}, key {@code op.NAME}.
 */
public enum Op {
    /** An interrupt from the NIC: entry, the r8169 handler, exit. */
    NIC_IRQ(Component.NIC_DRIVER),
    /** Xen's extra for a physical interrupt delivered to the driver domain as an event (pirq). */
    XEN_PHYSICAL_IRQ(Component.HYPERVISOR),
    /** One NAPI poll beyond its packets: softirq entry, refill, transmit completion, unmask. */
    NIC_POLL(Component.NIC_DRIVER),
    /** One received descriptor: skb hand-off and refill, {@code eth_type_trans}, {@code netif_receive_skb}. */
    NIC_RX_PACKET(Component.NIC_DRIVER),
    /** One frame the driver transmits: {@code start_xmit} and its completion. */
    NIC_TX_PACKET(Component.NIC_DRIVER),
    /** A packet offered to LRO: flow lookup, checks, merge or hold. */
    LRO_PACKET(Component.LRO),
    /** A packet LRO passes up (an aggregate or one it did not merge): header update, {@code netif_receive_skb}. */
    LRO_FLUSH(Component.LRO),
    /** A packet at the receiver's IP and TCP layers (the calibrated cost: see {@code costs.properties}). */
    TCP_RX_PACKET(Component.TCP_IP),
    /** A payload byte copied to the application ({@code tcp_recvmsg}'s copy to user space). */
    TCP_RX_BYTE(Component.COPY_TO_USER),
    /** An ACK built and sent down to the device ({@code tcp_send_ack}, IP output, {@code dev_queue_xmit}). */
    TCP_ACK(Component.TCP_IP);

    private final Component component;

    Op(final Component component) {
        this.component = component;
    }

    /** @return where its cycles are reported */
    public Component component() {
        return component;
    }
}
