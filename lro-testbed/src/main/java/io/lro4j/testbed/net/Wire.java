package io.lro4j.testbed.net;

import io.lro4j.drivers.rtl8169.EthernetLink;
import io.lro4j.xen.hypervisor.Scheduler;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One direction of the paper's network: a host's gigabit MAC, a store-and-forward switch and the link to the
 * other host. A frame sent at time t leaves the sender's MAC when the frames before it have (serialization
 * at the link rate, preamble, FCS and inter-frame gap counted), waits the switch's latency, and is serialized
 * again on the switch's output port; it is handed to the receiver when its last bit has arrived. Frames are
 * copied into reusable buffers and delivered in order, one scheduler event each.
 *
 * <p>The sender's transmit queue ({@code txqueuelen}) is not modelled as a drop point: {@link #backlogNanos}
 * tells the sender how much waits at its MAC so it can hold back, as Linux's TCP does when its queue
 * is full.
 */
public final class Wire {

    /** Receives frames at their arrival time. */
    @FunctionalInterface
    public interface Receiver {
        /**
         * @param frame buffer holding the frame (valid only during the call)
         * @param offset absolute index of its first byte
         * @param length its length without FCS
         */
        void receive(ByteBuffer frame, int offset, int length);
    }

    private final Scheduler scheduler;
    // The sender's MAC and the switch's output port: each serializes at the line rate ({@link EthernetLink}).
    private final EthernetLink mac;
    private final EthernetLink port;
    private final long switchLatencyNanos;
    private final Receiver receiver;
    private final Runnable deliver = this::deliverHead;
    private long macClear;
    private ByteBuffer[] frames = new ByteBuffer[64];
    private int[] lengths = new int[64];
    private int head;
    private int size;
    private long sent;

    /**
     * @param scheduler the clock
     * @param bitsPerSecond the link rate of both hops
     * @param switchLatencyNanos the switch's forwarding latency beyond store-and-forward
     * @param receiver the other end
     */
    public Wire(final Scheduler scheduler, final long bitsPerSecond, final long switchLatencyNanos, final Receiver receiver) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (bitsPerSecond < 1_000_000) {
            throw new IllegalArgumentException("link rate must be at least 1 Mbit/s, was " + bitsPerSecond + " bit/s");
        }
        if (switchLatencyNanos < 0) {
            throw new IllegalArgumentException("switch latency must be at least 0 ns, was " + switchLatencyNanos);
        }
        this.mac = new EthernetLink(bitsPerSecond);
        this.port = new EthernetLink(bitsPerSecond);
        this.switchLatencyNanos = switchLatencyNanos;
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * @param length a frame's length without FCS
     * @return its time on the line, in nanoseconds
     */
    public long lineNanos(final int length) {
        return mac.lineNanos(length);
    }

    /**
     * Sends a frame now.
     *
     * @param frame the frame
     * @param offset absolute index of its first byte
     * @param length its length without FCS
     */
    public void send(final ByteBuffer frame, final int offset, final int length) {
        macClear = mac.send(scheduler.now(), length);
        final long arrival = port.send(macClear + switchLatencyNanos, length);
        if (size == frames.length) {
            grow();
        }
        final int slot = (head + size) % frames.length;
        ByteBuffer b = frames[slot];
        if (b == null || b.capacity() < length) {
            b = ByteBuffer.allocate(Math.max(length, 2048));
            frames[slot] = b;
        }
        b.put(0, frame, offset, length);
        lengths[slot] = length;
        size++;
        sent++;
        scheduler.at(arrival, deliver);
    }

    private void grow() {
        final int n = frames.length;
        final ByteBuffer[] f = new ByteBuffer[n * 2];
        final int[] l = new int[n * 2];
        for (int i = 0; i < n; i++) {
            final int j = (head + i) % n;
            f[i] = frames[j];
            l[i] = lengths[j];
        }
        frames = f;
        lengths = l;
        head = 0;
    }

    private void deliverHead() {
        final ByteBuffer b = frames[head];
        final int length = lengths[head];
        head = (head + 1) % frames.length;
        size--;
        receiver.receive(b, 0, length);
    }

    /** @return how long the frames waiting at the sender's MAC will take to leave it, from now */
    public long backlogNanos() {
        return Math.max(0, macClear - scheduler.now());
    }

    /** @return when the sender's MAC is next free */
    public long macClear() {
        return macClear;
    }

    /** @return frames sent so far */
    public long sent() {
        return sent;
    }
}
