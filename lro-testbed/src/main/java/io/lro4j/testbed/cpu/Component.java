package io.lro4j.testbed.cpu;

import io.lro4j.xen.accounting.Stage;

/** Where CPU time goes, for the per-domain breakdown (the paper's Table IV): one row per component. */
public enum Component {
    /** The physical NIC's driver: interrupts, polls, descriptors, transmit. */
    NIC_DRIVER("NIC driver"),
    /** The driver domain's bridge, with its linearize copies. */
    BRIDGE("bridge"),
    /** Netback and netloop, with {@code netbk_copy_skb}. */
    NETBACK("netback"),
    /** Hypercalls made on the domain's behalf: grant copies and maps, event sends and upcalls. */
    HYPERVISOR("hypervisor"),
    /** Netfront: polls, responses, buffer refill, header copies, transmit. */
    NETFRONT("netfront"),
    /** The LRO engine, wherever it runs. */
    LRO("LRO"),
    /** The IP and TCP layers, ACKs included. */
    TCP_IP("TCP/IP"),
    /** Copying received payload to the application. */
    COPY_TO_USER("copy to user");

    private final String label;

    Component(final String label) {
        this.label = label;
    }

    /** @return its name in reports */
    public String label() {
        return label;
    }

    /**
     * @param stage a stage of the Xen model's counters
     * @return the component its costs are reported under
     */
    public static Component of(final Stage stage) {
        return switch (stage) {
            case NIC -> NIC_DRIVER;
            case BRIDGE -> BRIDGE;
            case NETLOOP, NETBACK -> NETBACK;
            case HYPERVISOR -> HYPERVISOR;
            case NETFRONT -> NETFRONT;
            case GUEST_STACK -> TCP_IP;
        };
    }
}
