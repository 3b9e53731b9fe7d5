package io.lro4j.testbed.net;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.Packet;
import io.lro4j.drivers.rtl8169.BusAddressSpace;
import io.lro4j.drivers.rtl8169.EthernetLink;
import io.lro4j.drivers.rtl8169.Rtl8169Device;
import io.lro4j.drivers.rtl8169.Rtl8169Driver;
import io.lro4j.drivers.rtl8169.Rtl8169Options;
import io.lro4j.testbed.cpu.CpuMeter;
import io.lro4j.testbed.cpu.LroCharge;
import io.lro4j.testbed.cpu.Op;
import io.lro4j.xen.hypervisor.Scheduler;
import io.lro4j.xen.hypervisor.Vcpu;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * The receiving host's RTL8169 on the testbed's clock: frames from the wire are DMA'd into the chip's ring
 * when they arrive; the chip's interrupt reaches the driver on the host's CPU after the interrupt latency
 * (in the Xen driver domain, as an event for the physical IRQ, which costs more); the handler schedules the
 * NAPI poll, which runs as one task on the same CPU, processes what the ring holds up to the budget, hands
 * packets to LRO (if configured) and up to the stack, and completes or runs again. Every step is charged
 * to the CPU, so a busy CPU polls later and finds more. A full ring drops frames ({@code RxMissed}).
 */
public final class TimedNic {

    private final Scheduler scheduler;
    private final Vcpu cpu;
    private final CpuMeter meter;
    private final boolean xen;
    private final long irqLatencyNanos;
    private final Rtl8169Device device;
    private final Rtl8169Driver driver;
    private final int budget;
    private final @Nullable LroCharge lro;
    private final CRC32 crc = new CRC32();
    private final ByteBuffer txFrame = ByteBuffer.allocate(2048);
    private final Runnable raise = this::raise;
    private final Runnable isr = this::isr;
    private final Runnable poll = this::poll;
    private final Runnable timer = this::timer;
    private boolean irqPending;
    private boolean pollQueued;
    private long timerAt = Long.MAX_VALUE;
    private long polls;
    private long polledPackets;
    private long txRefused;

    /**
     * @param scheduler the clock
     * @param cpu the CPU that runs the driver
     * @param meter charges it
     * @param xen true if the CPU is the Xen driver domain's (physical interrupts arrive as events)
     * @param irqLatencyNanos from the interrupt line rising to the handler running
     * @param config the driver's LRO configuration
     * @param stack where the driver passes packets up
     * @param options the driver's set-up
     * @param wire where the chip transmits
     */
    public TimedNic(final Scheduler scheduler, final Vcpu cpu, final CpuMeter meter, final boolean xen, final long irqLatencyNanos,
            final LroConfig config, final PacketSink stack, final Rtl8169Options options, final Wire wire) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        this.meter = Objects.requireNonNull(meter, "meter");
        this.xen = xen;
        if (irqLatencyNanos < 0) {
            throw new IllegalArgumentException("irq latency must be at least 0 ns, was " + irqLatencyNanos);
        }
        this.irqLatencyNanos = irqLatencyNanos;
        final BusAddressSpace bus = new BusAddressSpace();
        this.device = new Rtl8169Device(bus);
        final PacketSink up = Objects.requireNonNull(stack, "stack");
        this.driver = new Rtl8169Driver(device, bus, config, packet -> passUp(packet, up), options,
                (f, o, l, t) -> wire.send(f, o, l));
        this.budget = options.weight();
        this.lro = config.enabled() ? new LroCharge(meter, driver::lroStats) : null;
    }

    private void passUp(final Packet packet, final PacketSink stack) {
        final LroCharge l = lro;
        if (l != null) {
            l.passedUp();
        }
        stack.deliver(packet);
    }

    /**
     * A frame's last bit arrives from the wire: the chip takes it into its ring.
     *
     * @param frame the frame
     * @param offset absolute index of its first byte
     * @param length its length without FCS
     */
    public void receive(final ByteBuffer frame, final int offset, final int length) {
        final long now = scheduler.now();
        device.receive(frame, offset, length, EthernetLink.padding(length), EthernetLink.fcs(crc, frame, offset, length), now);
        device.advanceTo(now);
        checkInterrupt();
    }

    private void checkInterrupt() {
        final long deadline = device.timerDeadline();
        if (deadline != Long.MAX_VALUE && deadline != timerAt) {
            timerAt = deadline;
            scheduler.at(deadline, timer);
        }
        if (device.irqAsserted() && !irqPending) {
            irqPending = true;
            scheduler.after(irqLatencyNanos, raise);
        }
    }

    private void timer() {
        if (scheduler.now() >= timerAt) {
            timerAt = Long.MAX_VALUE;
            device.advanceTo(scheduler.now());
            checkInterrupt();
        }
    }

    private void raise() {
        cpu.schedule(isr);
    }

    private void isr() {
        irqPending = false;
        meter.charge(Op.NIC_IRQ, 1);
        if (xen) {
            meter.charge(Op.XEN_PHYSICAL_IRQ, 1);
        }
        if (driver.isr() && driver.napiScheduled() && !pollQueued) {
            pollQueued = true;
            cpu.schedule(poll);
        }
        checkInterrupt();
    }

    private void poll() {
        pollQueued = false;
        final int limit = driver.beginPoll(budget);
        int work = 0;
        while (work < limit && driver.rxOne()) {
            work++;
            meter.charge(Op.NIC_RX_PACKET, 1);
        }
        meter.charge(Op.NIC_POLL, 1);
        polls++;
        polledPackets += work;
        if (!driver.endPoll(work, budget)) {
            pollQueued = true;
            cpu.schedule(poll);
            return;
        }
        checkInterrupt();
    }

    /**
     * The host's stack sends a packet out of this NIC (an ACK): linearized into the driver's transmit buffer.
     * Call it on the host's CPU.
     *
     * @param packet the packet; released here
     */
    public void transmit(final Packet packet) {
        final int length = packet.length();
        if (length <= txFrame.capacity()) {
            packet.copyTo(txFrame, 0);
            transmit(txFrame, 0, length);
        } else {
            txRefused++;
        }
        packet.release();
    }

    /**
     * The host's stack sends a frame out of this NIC. Call it on the host's CPU.
     *
     * @param frame the frame
     * @param offset absolute index of its first byte
     * @param length its length
     * @return false if the transmit ring was full
     */
    public boolean transmit(final ByteBuffer frame, final int offset, final int length) {
        meter.charge(Op.NIC_TX_PACKET, 1);
        final boolean queued = driver.startXmit(frame, offset, length, scheduler.now());
        if (!queued) {
            txRefused++;
        }
        checkInterrupt();
        return queued;
    }

    /** @return the driver */
    public Rtl8169Driver driver() {
        return driver;
    }

    /** @return the chip */
    public Rtl8169Device device() {
        return device;
    }

    /** @return the driver's LRO statistics */
    public LroStats lroStats() {
        return driver.lroStats();
    }

    /** @return NAPI polls run */
    public long polls() {
        return polls;
    }

    /** @return descriptors those polls processed */
    public long polledPackets() {
        return polledPackets;
    }

    /** @return frames the transmit path refused */
    public long txRefused() {
        return txRefused;
    }
}
