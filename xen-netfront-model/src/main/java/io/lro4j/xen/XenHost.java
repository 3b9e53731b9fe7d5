package io.lro4j.xen;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.spi.LroDriver;
import io.lro4j.spi.LroDriverProvider;
import io.lro4j.xen.accounting.Ledger;
import io.lro4j.xen.dom0.Bridge;
import io.lro4j.xen.dom0.Netback;
import io.lro4j.xen.guest.Netfront;
import io.lro4j.xen.hypervisor.Hypervisor;
import io.lro4j.xen.hypervisor.Scheduler;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A Xen machine receiving for one guest: the hypervisor, the driver domain (the physical NIC's driver, the
 * bridge {@code xenbr0} with ports {@code peth0}, {@code vif0.0} (netloop) and {@code vif1.0} (netback)) and
 * the guest (netfront and its stack). Frames given to {@link #receiveFrame} arrive on the physical wire and
 * travel NIC → bridge → netback → ring → netfront → the guest's stack; LRO runs where
 * {@link XenOptions#placement()} says. The machine behind the NIC is a {@link XenMachine}.
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
 * switched off for {@link io.lro4j.xen.dom0.BridgeMode#LINUX_2_6_27} ({@code dev_disable_lro}), in forwarding mode for
 * {@link io.lro4j.xen.dom0.BridgeMode#GSO_AWARE} (only GRO-policy aggregates). Not thread-safe.
 */
public final class XenHost implements LroDriver {

    private final XenOptions options;
    private final XenMachine machine;
    private final LroDriver nic;
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
        this.options = Objects.requireNonNull(options, "options");
        this.machine = new XenMachine(config, guestStack, options, dom0Stack, wire);
        this.nic = nicProvider.conformanceHarness(XenMachine.nicConfig(config, options), machine::fromPhysicalNic);
        machine.runUntilIdle();
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
        machine.runUntilIdle();
    }

    /** Runs the model until nothing is left to do. */
    public void runUntilIdle() {
        machine.runUntilIdle();
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
        machine.sendFromDriverDomain(frame, offset, length, gsoSize);
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
        return machine.sendFromGuest(frame, offset, length);
    }

    @Override
    public LroStats lroStats() {
        return options.placement() == LroPlacement.NIC ? nic.lroStats() : machine.netfrontLroStats();
    }

    /** @return the machine behind the physical NIC */
    public XenMachine machine() {
        return machine;
    }

    /** @return the per-stage counters */
    public Ledger ledger() {
        return machine.ledger();
    }

    /** @return the set-up */
    public XenOptions options() {
        return options;
    }

    /** @return the hypervisor */
    public Hypervisor hypervisor() {
        return machine.hypervisor();
    }

    /** @return the bridge */
    public Bridge bridge() {
        return machine.bridge();
    }

    /** @return netback */
    public Netback netback() {
        return machine.netback();
    }

    /** @return netfront */
    public Netfront netfront() {
        return machine.netfront();
    }

    /** @return the physical NIC's driver */
    public LroDriver nic() {
        return nic;
    }

    /** @return the virtual clock */
    public Scheduler scheduler() {
        return machine.scheduler();
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
        machine.shutdown();
        closed = true;
    }
}
