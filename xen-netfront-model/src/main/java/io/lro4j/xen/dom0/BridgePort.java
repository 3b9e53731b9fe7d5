package io.lro4j.xen.dom0;

import io.lro4j.api.packet.Packet;

/**
 * A device enslaved to the driver domain's bridge: the physical NIC ({@code peth0}), a guest's vif
 * ({@code vif1.0}, netback) or netloop's {@code vif0.0}. The bridge calls {@link #transmit} after its transmit
 * path has made the packet fit {@link #features()}.
 */
public interface BridgePort {

    /** @return the device name */
    String name();

    /** @return {@link PortFeatures} bits */
    int features();

    /** @return the device MTU (bytes of IP packet) */
    int mtu();

    /**
     * The device's {@code hard_start_xmit}: it takes ownership of the packet.
     *
     * @param packet a packet that fits the device's features
     */
    void transmit(Packet packet);
}
