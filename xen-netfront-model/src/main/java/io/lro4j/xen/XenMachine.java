package io.lro4j.xen;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.xen.accounting.Counter;
import io.lro4j.xen.accounting.Ledger;
import io.lro4j.xen.dom0.Bridge;
import io.lro4j.xen.dom0.BridgeMode;
import io.lro4j.xen.dom0.BridgePort;
import io.lro4j.xen.dom0.Netback;
import io.lro4j.xen.dom0.Netloop;
import io.lro4j.xen.dom0.PortFeatures;
import io.lro4j.xen.dom0.SlottingPolicy;
import io.lro4j.xen.guest.Netfront;
import io.lro4j.xen.hypervisor.Domain;
import io.lro4j.xen.hypervisor.Hypervisor;
import io.lro4j.xen.hypervisor.Scheduler;
import io.lro4j.xen.skb.Skbs;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Xen machine behind a physical NIC: the hypervisor, the driver domain's bridge {@code xenbr0} with ports
 * {@code peth0} (the physical NIC, whichever drives it), {@code vif0.0} (netloop) and {@code vif1.0}
 * (netback), and the guest's netfront and stack. Packets the physical NIC's driver passes up enter through
 * {@link #fromPhysicalNic}; what the bridge sends out of {@code peth0} goes to the wire sink.
 *
 * <p>It owns the scheduler, so a caller that drives the physical NIC itself (the untimed {@link XenHost}, or
 * a timed testbed whose NIC runs on {@link Domain#vcpu() domain 0's CPU}) shares one clock with the model.
 * {@link #nicConfig} and {@link #netfrontConfig} say which engine runs LRO for a placement and bridge mode,
 * as Linux would set it up. Not thread-safe.
 */
public final class XenMachine {

    private static final long MAX_TASKS_PER_RUN = 50_000_000L;

    private final XenOptions options;
    private final Scheduler scheduler = new Scheduler();
    private final Ledger ledger = new Ledger();
    private final Hypervisor hypervisor;
    private final Domain dom0;
    private final Domain guest;
    private final Bridge bridge;
    private final Netback netback;
    private final Netloop netloop;
    private final Netfront netfront;
    private final int pethPort;
    private @Nullable Netback secondNetback;
    private @Nullable Netfront secondNetfront;

    /**
     * Builds and connects the machine; the guest announces itself with a gratuitous ARP.
     *
     * @param config the LRO configuration; netfront runs it if the placement is {@link LroPlacement#NETFRONT}
     * @param guestStack the guest's network stack
     * @param options the set-up
     * @param dom0Stack the driver domain's own stack (what the bridge sends to {@code vif0.0})
     * @param wire where the bridge's packets out of {@code peth0} go (partial checksums completed, as the
     *     NIC's hardware would)
     */
    public XenMachine(final LroConfig config, final PacketSink guestStack, final XenOptions options, final PacketSink dom0Stack,
            final PacketSink wire) {
        Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        this.hypervisor = new Hypervisor(scheduler, ledger, options.upcallLatencyNanos());
        this.dom0 = hypervisor.createDomain("Domain-0");
        this.guest = hypervisor.createDomain("guest");
        final BridgeMode mode = options.bridgeMode();
        this.bridge = new Bridge(ledger, mode, new PacketPool());
        this.pethPort = bridge.addPort(new PhysicalPort(options.mtu(), wire));
        this.netloop = new Netloop(ledger, dom0Stack, options.mtu());
        netloop.attach(bridge, bridge.addPort(netloop));
        final boolean modern = mode == BridgeMode.GSO_AWARE;
        this.netback = new Netback(dom0, "vif1.0", modern ? SlottingPolicy.DENSE : SlottingPolicy.XEN_3_1,
                modern ? PortFeatures.FRAGLIST : 0, options.mtu());
        netback.attach(bridge, bridge.addPort(netback));
        this.netfront = new Netfront(guest, dom0.id(), options.netfront(), netfrontConfig(config, options), guestStack);
        netback.connect(netfront.details());
        netfront.connected();
        announce(netfront, options.guestMac());
    }

    /**
     * The engine configuration of the physical NIC's driver for a placement and bridge mode: off unless LRO
     * is at the NIC; off too for {@link BridgeMode#LINUX_2_6_27} ({@code dev_disable_lro} on a bridged
     * device); in forwarding mode for {@link BridgeMode#GSO_AWARE} (only GRO-policy aggregates).
     *
     * @param config the LRO configuration
     * @param options the set-up
     * @return what the NIC's engine runs
     */
    public static LroConfig nicConfig(final LroConfig config, final XenOptions options) {
        final LroConfig off = config.toBuilder().enabled(false).build();
        return switch (options.placement()) {
            case NIC -> switch (options.bridgeMode()) {
                case LINUX_2_6_27 -> off;
                case GSO_AWARE -> config.toBuilder().forwarding(true).build();
                case PAPER, LINUX_2_6_18 -> config;
            };
            case NONE, NETFRONT -> off;
        };
    }

    /**
     * @param config the LRO configuration
     * @param options the set-up
     * @return what netfront's engine runs: the configuration with LRO in netfront, off otherwise
     */
    public static LroConfig netfrontConfig(final LroConfig config, final XenOptions options) {
        return options.placement() == LroPlacement.NETFRONT ? config : config.toBuilder().enabled(false).build();
    }

    /**
     * Adds the guest's second interface, the paper's workaround for the driver domain's local traffic: a second
     * vif pair ({@code vif1.1} on the bridge, the guest's {@code eth1}) with LRO off, so the driver domain's
     * fragmented packets (header page and data page, see {@link Netloop}) reach the guest without passing the
     * first interface's skb-mode LRO. The new netfront announces {@code mac} so the bridge learns its port.
     *
     * @param mac the second interface's MAC (low 48 bits), not the first's
     * @param stack the guest's stack for what arrives on it
     * @return the second netfront (its {@link Netfront#transmit} is the guest sending on {@code eth1})
     * @throws IllegalStateException if the machine has one already
     */
    public Netfront addSecondVif(final long mac, final PacketSink stack) {
        Objects.requireNonNull(stack, "stack");
        if (secondNetfront != null) {
            throw new IllegalStateException("the guest has a second vif already");
        }
        if (mac == options.guestMac() || mac < 0 || mac > 0xFFFF_FFFF_FFFFL || (mac & 1L << 40) != 0) {
            throw new IllegalArgumentException("the second vif's MAC must be a unicast 48-bit address other than guestMac, was 0x"
                    + Long.toHexString(mac));
        }
        final boolean modern = options.bridgeMode() == BridgeMode.GSO_AWARE;
        final Netback back = new Netback(dom0, "vif1.1", modern ? SlottingPolicy.DENSE : SlottingPolicy.XEN_3_1,
                modern ? PortFeatures.FRAGLIST : 0, options.mtu());
        back.attach(bridge, bridge.addPort(back));
        final Netfront front = new Netfront(guest, dom0.id(), options.netfront(), LroConfig.builder().enabled(false).build(), stack);
        back.connect(front.details());
        front.connected();
        secondNetback = back;
        secondNetfront = front;
        announce(front, mac);
        return front;
    }

    /** @return the second vif's netback, if {@link #addSecondVif} added one */
    public @Nullable Netback secondNetback() {
        return secondNetback;
    }

    /** The guest's gratuitous ARP on coming up, through netfront TX: the bridge learns the interface's port. */
    private void announce(final Netfront front, final long mac) {
        final ByteBuffer arp = ByteBuffer.allocate(42);
        arp.putShort(0, (short) 0xFFFF).putInt(2, 0xFFFF_FFFF); // broadcast
        arp.putShort(6, (short) (mac >>> 32)).putInt(8, (int) mac);
        arp.putShort(12, (short) 0x0806);
        arp.putShort(14, (short) 1).putShort(16, (short) 0x0800).put(18, (byte) 6).put(19, (byte) 4).putShort(20, (short) 1);
        arp.putShort(22, (short) (mac >>> 32)).putInt(24, (int) mac); // sender MAC; the addresses stay 0.0.0.0
        arp.putShort(32, (short) (mac >>> 32)).putInt(34, (int) mac); // target MAC: itself, as a gratuitous ARP
        front.transmit(arp, 0, arp.capacity());
        runUntilIdle();
    }

    /**
     * A packet the physical NIC's driver passed up ({@code netif_receive_skb} on {@code peth0}): into the
     * bridge. Call it on domain 0's CPU.
     *
     * @param packet the packet; the bridge takes it
     */
    public void fromPhysicalNic(final Packet packet) {
        ledger.increment(Counter.NIC_PACKETS);
        bridge.receive(pethPort, packet);
    }

    /** {@code peth0}: the physical NIC's transmit, completing a partial checksum as its hardware would. */
    private final class PhysicalPort implements BridgePort {
        private final int mtu;
        private final PacketSink wire;

        PhysicalPort(final int mtu, final PacketSink wire) {
            this.mtu = mtu;
            this.wire = Objects.requireNonNull(wire, "wire");
        }

        @Override
        public String name() {
            return "peth0";
        }

        @Override
        public int features() {
            return PortFeatures.SG | PortFeatures.IP_CSUM;
        }

        @Override
        public int mtu() {
            return mtu;
        }

        @Override
        public void transmit(final Packet packet) {
            if (packet.checksumState() == ChecksumState.PARTIAL) {
                Skbs.completeChecksum(packet);
            }
            ledger.increment(Counter.NIC_TRANSMITTED);
            wire.deliver(packet);
        }
    }

    /** Runs the model until nothing is left to do. */
    public void runUntilIdle() {
        scheduler.runUntilIdle(MAX_TASKS_PER_RUN);
    }

    /**
     * The driver domain's own stack sends a frame through netloop (a TCP frame as header page and data page,
     * checksum partial).
     *
     * @param frame the frame
     * @param offset absolute index of its first byte
     * @param length its length
     * @param gsoSize the MSS of a TSO super-packet, or 0
     */
    public void sendFromDriverDomain(final ByteBuffer frame, final int offset, final int length, final int gsoSize) {
        netloop.send(frame, offset, length, gsoSize);
    }

    /**
     * The guest sends a frame through netfront's TX ring (an ACK towards the sender).
     *
     * @param frame the frame
     * @param offset absolute index of its first byte
     * @param length its length
     * @return false if netfront dropped it
     */
    public boolean sendFromGuest(final ByteBuffer frame, final int offset, final int length) {
        return netfront.transmit(frame, offset, length);
    }

    /** @return netfront's LRO statistics */
    public LroStats netfrontLroStats() {
        return netfront.lroStats();
    }

    /** @return the per-stage counters */
    public Ledger ledger() {
        return ledger;
    }

    /** @return the set-up */
    public XenOptions options() {
        return options;
    }

    /** @return the hypervisor */
    public Hypervisor hypervisor() {
        return hypervisor;
    }

    /** @return the driver domain */
    public Domain driverDomain() {
        return dom0;
    }

    /** @return the guest */
    public Domain guest() {
        return guest;
    }

    /** @return the bridge */
    public Bridge bridge() {
        return bridge;
    }

    /** @return netback */
    public Netback netback() {
        return netback;
    }

    /** @return netfront */
    public Netfront netfront() {
        return netfront;
    }

    /** @return the virtual clock */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Flushes netfront's engine and lets the model settle, then disconnects netback. */
    public void shutdown() {
        runUntilIdle();
        netfront.flush();
        runUntilIdle();
        netback.disconnect();
        final Netback second = secondNetback;
        if (second != null) {
            second.disconnect();
        }
    }
}
