package io.lro4j.xen;

import io.lro4j.xen.dom0.BridgeMode;
import io.lro4j.xen.guest.NetfrontOptions;
import java.util.Objects;

/**
 * The set-up of a {@link XenHost}. {@link #defaults()} is the paper's Guest-3: LRO in netfront, Xen 3.1's
 * netfront and netback, the paper's bridge, the RTL8169 model as the physical NIC.
 *
 * @param placement where LRO runs
 * @param bridgeMode what the bridge does with a NIC-built aggregate
 * @param netfront netfront's set-up
 * @param nicDriver the physical NIC: the name of a registered driver whose conformance harness takes frames
 *     on its wire
 * @param mtu the MTU of every device on the path
 * @param upcallLatencyNanos delay from an event channel notification to its handler
 * @param nicPollFrames frames the NIC takes on its wire before the driver domain runs a poll (its NAPI weight)
 * @param guestMac the guest's MAC address (low 48 bits), announced by a gratuitous ARP when it comes up so the
 *     bridge learns its port; the default is where lro4j's frame builders send
 */
public record XenOptions(LroPlacement placement, BridgeMode bridgeMode, NetfrontOptions netfront, String nicDriver, int mtu,
        long upcallLatencyNanos, int nicPollFrames, long guestMac) {

    /** The guest's MAC by default: 02:00:00:00:00:02. */
    public static final long DEFAULT_GUEST_MAC = 0x0200_0000_0002L;

    /** The physical NIC by default. */
    public static final String DEFAULT_NIC = "rtl8169";

    /**
     * @throws IllegalArgumentException naming the first bad setting
     */
    public XenOptions {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(bridgeMode, "bridgeMode");
        Objects.requireNonNull(netfront, "netfront");
        Objects.requireNonNull(nicDriver, "nicDriver");
        if (mtu < 576 || mtu > 9000) {
            throw new IllegalArgumentException("mtu must be between 576 and 9000, was " + mtu);
        }
        if (upcallLatencyNanos < 0) {
            throw new IllegalArgumentException("upcallLatencyNanos must be at least 0, was " + upcallLatencyNanos);
        }
        if (nicPollFrames < 1 || nicPollFrames > 256) {
            throw new IllegalArgumentException("nicPollFrames must be between 1 and 256, was " + nicPollFrames);
        }
        if (guestMac < 0 || guestMac > 0xFFFF_FFFF_FFFFL || (guestMac & 1L << 40) != 0) {
            throw new IllegalArgumentException("guestMac must be a unicast 48-bit address, was 0x" + Long.toHexString(guestMac));
        }
    }

    /** @return Guest-3 as the paper ran it */
    public static XenOptions defaults() {
        return new XenOptions(LroPlacement.NETFRONT, BridgeMode.PAPER, NetfrontOptions.defaults(), DEFAULT_NIC, 1500, 0, 64, DEFAULT_GUEST_MAC);
    }

    /**
     * @param p another placement
     * @return a copy with it
     */
    public XenOptions withPlacement(final LroPlacement p) {
        return new XenOptions(p, bridgeMode, netfront, nicDriver, mtu, upcallLatencyNanos, nicPollFrames, guestMac);
    }

    /**
     * @param m another bridge mode
     * @return a copy with it
     */
    public XenOptions withBridgeMode(final BridgeMode m) {
        return new XenOptions(placement, m, netfront, nicDriver, mtu, upcallLatencyNanos, nicPollFrames, guestMac);
    }

    /**
     * @param n another netfront set-up
     * @return a copy with it
     */
    public XenOptions withNetfront(final NetfrontOptions n) {
        return new XenOptions(placement, bridgeMode, n, nicDriver, mtu, upcallLatencyNanos, nicPollFrames, guestMac);
    }

    /**
     * @param name another physical NIC driver
     * @return a copy with it
     */
    public XenOptions withNicDriver(final String name) {
        return new XenOptions(placement, bridgeMode, netfront, name, mtu, upcallLatencyNanos, nicPollFrames, guestMac);
    }

    /**
     * @param frames another NIC poll size
     * @return a copy with it
     */
    public XenOptions withNicPollFrames(final int frames) {
        return new XenOptions(placement, bridgeMode, netfront, nicDriver, mtu, upcallLatencyNanos, frames, guestMac);
    }
}
