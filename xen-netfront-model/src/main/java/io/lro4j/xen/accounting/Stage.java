package io.lro4j.xen.accounting;

/** Where on the receive path a {@link Counter} counts: the rows of the paper's per-stage comparison. */
public enum Stage {
    /** The physical NIC's driver in the driver domain. */
    NIC("physical NIC"),
    /** The driver domain's bridge and its transmit path. */
    BRIDGE("bridge"),
    /** Netloop, the driver domain's own traffic (veth0 and vif0.0). */
    NETLOOP("netloop"),
    /** Netback, the driver domain's end of the split driver. */
    NETBACK("netback"),
    /** The hypervisor: grant operations and event channels. */
    HYPERVISOR("hypervisor"),
    /** Netfront, the guest's end of the split driver. */
    NETFRONT("netfront"),
    /** The guest's network stack above netfront (and its LRO). */
    GUEST_STACK("guest stack");

    private final String label;

    Stage(final String label) {
        this.label = label;
    }

    /** @return a short label */
    public String label() {
        return label;
    }
}
