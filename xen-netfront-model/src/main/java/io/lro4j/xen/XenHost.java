package io.lro4j.xen;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.spi.LroDriver;
import io.lro4j.spi.LroDriverProvider;
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

/**
 * A Xen machine receiving for one guest: the hypervisor, the driver domain (the physical NIC's driver, the
 * bridge {@code xenbr0} with ports {@code peth0}, {@code vif0.0} (netloop) and {@code vif1.0} (netback)) and
 * the guest (netfront and its stack). Frames given to {@link #receiveFrame} arrive on the physical wire and
 * travel NIC → bridge → netback → ring → netfront → the guest's stack; LRO runs where
 * {@link XenOptions#placement()} says.
 *
 * <pre>
 *   wire ─► NIC driver ─► peth0 ┐               ┌─ vif1.0 = netback ═ grant copy ═► ring ─► netfront ─► guest stack
 *           (LRO: Guest-2)      ├─ xenbr0 ──────┤                                          (LRO: Guest-3)
 *   driver-domain stack ─ veth0 ═ vif0.0 ┘      └─ (netloop: the driver domain's own traffic)
 * </pre>
 *
 * <p>The physical NIC is any registered driver (by default the RTL8169 model), opened through its
 * conformance harness so that frames enter on its wire and its polls run when the driver domain runs it:
 * every {@link XenOptions#nicPollFrames()} frames and at {@link #endPoll()}, after which the model runs until
 * idle (netback's batch, the event, netfront's polls). This is untimed: event latencies are
 * {@link XenOptions#upcallLatencyNanos()} and nothing costs CPU time; lro-testbed adds that.
 *
 * <p>With the LRO placement at the NIC, the NIC's engine is adjusted to the bridge mode as Linux would:
 * switched off for {@link BridgeMode#LINUX_2_6_27} ({@code dev_disable_lro}), in forwarding mode for
 * {@link BridgeMode#GSO_AWARE} (only GRO-policy aggregates). Not thread-safe.
 */
public final class XenHost implements LroDriver {

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
    private final LroDriver nic;
    private final int pethPort;
    private int framesSincePoll;
    private boolean closed;

    /**
     * Builds and connects the machine.
     *
     * @param nicProvider the physical NIC's driver
     * @param config the LRO configuration for the placement's engine
     * @param guestStack the guest's network stack
     * @param options the set-up
     * @param dom0Stack the driver domain's own stack (what the bridge sends to {@code vif0.0})
     * @param wire where frames the physical NIC transmits go (the guest's ACKs)
     */
    public XenHost(final LroDriverProvider nicProvider, final LroConfig config, final PacketSink guestStack,
            final XenOptions options, final PacketSink dom0Stack, final PacketSink wire) {
        Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        this.hypervisor = new Hypervisor(scheduler, ledger, options.upcallLatencyNanos());
        this.dom0 = hypervisor.createDomain("Domain-0");
        this.guest = hypervisor.createDomain("guest");
        final BridgeMode mode = options.bridgeMode();
        this.bridge = new Bridge(ledger, mode, new PacketPool());
        final BridgePort peth0 = new PhysicalPort(options.mtu(), wire);
        this.pethPort = bridge.addPort(peth0);
        this.netloop = new Netloop(ledger, dom0Stack, options.mtu());
        netloop.attach(bridge, bridge.addPort(netloop));
        final boolean modern = mode == BridgeMode.GSO_AWARE;
        this.netback = new Netback(dom0, "vif1.0", modern ? SlottingPolicy.DENSE : SlottingPolicy.XEN_3_1,
                modern ? PortFeatures.FRAGLIST : 0, options.mtu());
        netback.attach(bridge, bridge.addPort(netback));
        final LroConfig off = config.toBuilder().enabled(false).build();
        this.netfront = new Netfront(guest, dom0.id(), options.netfront(),
                options.placement() == LroPlacement.NETFRONT ? config : off, guestStack);
        netback.connect(netfront.details());
        netfront.connected();
        announceGuest(options.guestMac());
        final LroConfig nicConfig = switch (options.placement()) {
            case NIC -> switch (mode) {
                case LINUX_2_6_27 -> off;
                case GSO_AWARE -> config.toBuilder().forwarding(true).build();
                case PAPER, LINUX_2_6_18 -> config;
            };
            case NONE, NETFRONT -> off;
        };
        this.nic = nicProvider.conformanceHarness(nicConfig, this::fromNic);
        runUntilIdle();
    }

    /** The guest's gratuitous ARP on coming up, through netfront TX: the bridge learns the guest's port. */
    private void announceGuest(final long mac) {
        final ByteBuffer arp = ByteBuffer.allocate(42);
        arp.putShort(0, (short) 0xFFFF).putInt(2, 0xFFFF_FFFF); // broadcast
        arp.putShort(6, (short) (mac >>> 32)).putInt(8, (int) mac);
        arp.putShort(12, (short) 0x0806);
        arp.putShort(14, (short) 1).putShort(16, (short) 0x0800).put(18, (byte) 6).put(19, (byte) 4).putShort(20, (short) 1);
        arp.putShort(22, (short) (mac >>> 32)).putInt(24, (int) mac); // sender MAC; the addresses stay 0.0.0.0
        arp.putShort(32, (short) (mac >>> 32)).putInt(34, (int) mac); // target MAC: itself, as a gratuitous ARP
        netfront.transmit(arp, 0, arp.capacity());
        runUntilIdle();
    }

    private void fromNic(final Packet packet) {
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

    @Override
    public void receiveFrame(final ByteBuffer frame, final int offset, final int length, final long timestampNanos) {
        checkOpen();
        nic.receiveFrame(frame, offset, length, timestampNanos);
        if (++framesSincePoll >= options.nicPollFrames()) {
            poll();
        }
    }

    @Override
    public void endPoll() {
        checkOpen();
        poll();
    }

    private void poll() {
        framesSincePoll = 0;
        nic.endPoll();
        runUntilIdle();
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
        checkOpen();
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
        checkOpen();
        return netfront.transmit(frame, offset, length);
    }

    @Override
    public LroStats lroStats() {
        return options.placement() == LroPlacement.NIC ? nic.lroStats() : netfront.lroStats();
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

    /** @return the physical NIC's driver */
    public LroDriver nic() {
        return nic;
    }

    /** @return the virtual clock */
    public Scheduler scheduler() {
        return scheduler;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Xen host is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        poll();
        nic.close();
        runUntilIdle();
        netfront.flush();
        runUntilIdle();
        closed = true;
        netback.disconnect();
    }
}
