package io.lro4j.drivers.rtl8169;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.spi.LroDriver;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A receiving host with an RTL8169: the link, the chip, its driver with LRO, and one CPU that takes the
 * chip's interrupts and runs the NAPI polls. Frames given to {@link #receiveFrame} are sent on the link at
 * their timestamps; the host decides when polls happen, as the hardware and kernel would.
 *
 * <p><b>Timed</b> ({@link #timed}): a small discrete-event simulation on a virtual clock. A frame reaches the
 * chip when its last bit has crossed the link ({@link EthernetLink}); the chip raises its interrupt; after
 * {@link HostTiming#irqLatencyNanos()} the handler runs and schedules the poll; the poll processes one
 * descriptor per {@link HostTiming#perPacketNanos()}, and frames that arrive meanwhile are DMA'd into the
 * ring and found by the same poll if it gets to them within its budget; after the poll (LRO {@code flushAll},
 * refill, {@link HostTiming#perPollNanos()}) a poll that used its whole budget runs again, otherwise the
 * interrupts are unmasked and anything pending raises the next one. So the packets per poll, and with them
 * the LRO rate, follow from arrival timing and CPU speed. Frames must come in timestamp order (a frame
 * stamped earlier than the previous one is taken as sent at the previous one's time).
 *
 * <p><b>Harness</b> ({@link #harness}): no clock. Frames go straight into the ring and nothing runs until
 * {@link #endPoll()}, which takes the interrupt and polls until the ring is empty: the conformance kit's
 * poll boundaries, each cut further into NAPI polls of at most the weight. Should the ring fill first, the
 * host polls before the next frame, as a CPU would once the interrupt is taken, so no frame is missed.
 *
 * <p>In both, {@link #endPoll()} and {@link #close()} let the host run until it is idle, delivering
 * everything received. Not thread-safe.
 */
public final class Rtl8169Host implements LroDriver {

    private enum Cpu { IDLE, IRQ_PENDING, SOFTIRQ, POLLING }

    private final boolean timed;
    private final HostTiming timing;
    private final EthernetLink link;
    private final Rtl8169Device device;
    private final Rtl8169Driver driver;
    private final int budget;
    private final CRC32 crc = new CRC32();
    // Frames on the link, not yet at the chip: a FIFO of reusable buffers.
    private ByteBuffer[] wire = new ByteBuffer[16];
    private int[] wireLength = new int[16];
    private long[] wireArrival = new long[16];
    private int wireHead;
    private int wireSize;
    private long lastArrival = Long.MIN_VALUE;
    private long now = Long.MIN_VALUE;
    private Cpu cpu = Cpu.IDLE;
    private long isrAt;
    private int limit;
    private int work;
    private long frames;
    private boolean closed;

    private Rtl8169Host(final boolean timed, final HostTiming timing, final LroConfig config, final PacketSink stack,
            final Rtl8169Options options, final Rtl8169Device.FrameSink transmitWire) {
        this.timed = timed;
        this.timing = timing;
        this.link = new EthernetLink(timed ? timing.linkBitsPerSecond() : 0);
        final BusAddressSpace bus = new BusAddressSpace();
        this.device = new Rtl8169Device(bus);
        this.driver = new Rtl8169Driver(device, bus, config, stack, options, transmitWire);
        this.budget = options.weight();
    }

    /**
     * A host on a virtual clock.
     *
     * @param timing link rate and CPU costs
     * @param config the LRO configuration
     * @param stack where received packets go
     * @param options the driver's set-up
     * @param transmitWire where the chip's transmitted frames go
     * @return the host
     */
    public static Rtl8169Host timed(final HostTiming timing, final LroConfig config, final PacketSink stack,
            final Rtl8169Options options, final Rtl8169Device.FrameSink transmitWire) {
        return new Rtl8169Host(true, timing, config, stack, options, transmitWire);
    }

    /**
     * A host without a clock whose polls run at {@link #endPoll()}: the conformance kit's harness.
     *
     * @param config the LRO configuration
     * @param stack where received packets go
     * @param options the driver's set-up
     * @return the host
     */
    public static Rtl8169Host harness(final LroConfig config, final PacketSink stack, final Rtl8169Options options) {
        return new Rtl8169Host(false, HostTiming.defaults(), config, stack, options, (f, o, l, t) -> { });
    }

    @Override
    public void receiveFrame(final ByteBuffer frame, final int offset, final int length, final long timestampNanos) {
        if (closed) {
            throw new IllegalStateException("driver is closed");
        }
        frames++;
        if (!timed) {
            if (!driver.rxRing().ownedByNic(device.rxIndex())) {
                drain(); // the ring is full: the CPU takes the interrupt before more arrive
            }
            now = Math.max(now, timestampNanos);
            device.receive(frame, offset, length, EthernetLink.padding(length), EthernetLink.fcs(crc, frame, offset, length), now);
            return;
        }
        final long arrival = Math.max(link.send(Math.max(timestampNanos, lastArrival), length), lastArrival);
        lastArrival = arrival;
        enqueue(frame, offset, length, arrival);
        if (now == Long.MIN_VALUE) {
            now = arrival;
        }
        run(arrival);
    }

    private void enqueue(final ByteBuffer frame, final int offset, final int length, final long arrival) {
        if (wireSize == wire.length) {
            final int n = wire.length;
            final ByteBuffer[] w = new ByteBuffer[n * 2];
            final int[] l = new int[n * 2];
            final long[] a = new long[n * 2];
            for (int i = 0; i < n; i++) {
                final int j = (wireHead + i) % n;
                w[i] = wire[j];
                l[i] = wireLength[j];
                a[i] = wireArrival[j];
            }
            wire = w;
            wireLength = l;
            wireArrival = a;
            wireHead = 0;
        }
        final int slot = (wireHead + wireSize) % wire.length;
        ByteBuffer b = wire[slot];
        if (b == null || b.capacity() < length) {
            b = ByteBuffer.allocate(Math.max(length, 2048));
            wire[slot] = b;
        }
        b.put(0, frame, offset, length);
        wireLength[slot] = length;
        wireArrival[slot] = arrival;
        wireSize++;
    }

    /** Hands the chip every frame that has arrived by {@code now}. */
    private void arrive() {
        while (wireSize > 0 && wireArrival[wireHead] <= now) {
            final ByteBuffer b = wire[wireHead];
            final int length = wireLength[wireHead];
            device.receive(b, 0, length, EthernetLink.padding(length), EthernetLink.fcs(crc, b, 0, length),
                    wireArrival[wireHead]);
            wireHead = (wireHead + 1) % wire.length;
            wireSize--;
        }
        device.advanceTo(now);
    }

    /**
     * Runs the host while everything it does happens no later than {@code horizon}: no frame can arrive
     * before then that it does not know of.
     */
    private void run(final long horizon) {
        while (true) {
            arrive();
            switch (cpu) {
                case POLLING -> {
                    if (now > horizon) {
                        return;
                    }
                    if (work < limit && driver.rxOne()) {
                        work++;
                        now += timing.perPacketNanos();
                    } else {
                        final boolean complete = driver.endPoll(work, budget);
                        now += timing.perPollNanos();
                        cpu = complete ? Cpu.IDLE : Cpu.SOFTIRQ;
                    }
                }
                case SOFTIRQ -> {
                    if (now > horizon) {
                        return;
                    }
                    limit = driver.beginPoll(budget);
                    work = 0;
                    cpu = Cpu.POLLING;
                }
                case IRQ_PENDING -> {
                    if (isrAt > horizon) {
                        return;
                    }
                    now = Math.max(now, isrAt);
                    arrive();
                    cpu = driver.isr() && driver.napiScheduled() ? Cpu.SOFTIRQ : Cpu.IDLE;
                }
                case IDLE -> {
                    if (device.irqAsserted()) {
                        isrAt = now + timing.irqLatencyNanos();
                        cpu = Cpu.IRQ_PENDING;
                        continue;
                    }
                    final long next = Math.min(wireSize > 0 ? wireArrival[wireHead] : Long.MAX_VALUE, device.timerDeadline());
                    if (next == Long.MAX_VALUE || next > horizon) {
                        return;
                    }
                    now = Math.max(now, next);
                }
            }
        }
    }

    /** Runs until idle: everything on the link and in the ring is received, polled and delivered. */
    private void drain() {
        if (timed) {
            run(Long.MAX_VALUE);
            return;
        }
        while (true) {
            if (!device.irqAsserted() && device.timerDeadline() != Long.MAX_VALUE) {
                now = Math.max(now, device.timerDeadline()); // let the mitigation timer fire
                device.advanceTo(now);
            }
            if (!driver.napiScheduled() && !(device.irqAsserted() && driver.isr())) {
                return;
            }
            while (driver.napiScheduled()) {
                driver.poll(budget);
            }
        }
    }

    /** Lets the host run until it is idle, so that everything received so far has been delivered. */
    @Override
    public void endPoll() {
        if (closed) {
            throw new IllegalStateException("driver is closed");
        }
        drain();
    }

    /**
     * Sends a frame from this host (an ACK back to the sender): the driver queues it and the chip puts it on
     * the transmit wire.
     *
     * @param frame the frame
     * @param offset absolute index of its first byte
     * @param length its length without FCS
     * @return false if the transmit ring was full
     */
    public boolean transmit(final ByteBuffer frame, final int offset, final int length) {
        return driver.startXmit(frame, offset, length, now == Long.MIN_VALUE ? 0 : now);
    }

    @Override
    public LroStats lroStats() {
        return driver.lroStats();
    }

    /** @return the driver's counters */
    public Rtl8169Stats stats() {
        return driver.stats();
    }

    /** @return the driver */
    public Rtl8169Driver driver() {
        return driver;
    }

    /** @return the chip */
    public Rtl8169Device device() {
        return device;
    }

    /** @return frames handed to {@link #receiveFrame} */
    public long frames() {
        return frames;
    }

    /** @return the host's clock: the time of the last thing it did (timed mode) */
    public long nanos() {
        return now;
    }

    /** @return true if the host runs on a virtual clock */
    public boolean isTimed() {
        return timed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        drain();
        closed = true;
        driver.close();
        Arrays.fill(wire, null);
    }
}
