package io.lro4j.testbed;

import io.lro4j.testbed.cpu.CostModel;
import java.util.Objects;

/**
 * The testbed's set-up beyond the configuration: how much to send, the seed, the CPU costs and the
 * network and kernel parameters. {@link #defaults()} is the paper's testbed with a transfer small enough
 * for a run of seconds, without local traffic.
 *
 * @param bytes bytes the sender sends (the paper sent 10 GiB)
 * @param seed the run's seed (the initial sequence number and so every payload byte follow from it)
 * @param costs the CPU model
 * @param linkBitsPerSecond the link rate of every hop
 * @param switchLatencyNanos the switch's forwarding latency beyond store-and-forward
 * @param irqLatencyNanos from a NIC's interrupt line rising to its handler running
 * @param upcallLatencyNanos from a Xen event becoming pending to the domain's upcall
 * @param mss the sender's MSS (1448: MTU 1500 less IPv4, TCP and the timestamp option)
 * @param receiveWindow the receiver's advertised window, bytes (Linux 2.6.18 autotunes up to 4 MiB of
 *     buffer, 3/4 of it window)
 * @param txQueueFrames the sender's {@code txqueuelen}
 * @param maxAggregated LRO's limit of segments per aggregate (the paper's 64)
 * @param maxDescriptors LRO's flows in progress
 * @param local the driver domain's own traffic to the guest beside the transfer ({@link LocalTraffic#NONE} by
 *     default)
 */
public record TestbedOptions(long bytes, long seed, CostModel costs, long linkBitsPerSecond, long switchLatencyNanos,
        long irqLatencyNanos, long upcallLatencyNanos, int mss, long receiveWindow, int txQueueFrames, int maxAggregated,
        int maxDescriptors, LocalTraffic local) {

    /** The paper's transfer: 10 GiB. */
    public static final long PAPER_BYTES = 10L << 30;
    /** The default transfer: 1 GiB. */
    public static final long DEFAULT_BYTES = 1L << 30;

    /**
     * @throws IllegalArgumentException naming the first bad setting
     */
    public TestbedOptions {
        Objects.requireNonNull(costs, "costs");
        Objects.requireNonNull(local, "local");
        if (bytes < 1 || bytes > (1L << 40)) {
            throw new IllegalArgumentException("bytes must be between 1 and 2^40, was " + bytes);
        }
        if (linkBitsPerSecond < 1_000_000) {
            throw new IllegalArgumentException("link rate must be at least 1 Mbit/s, was " + linkBitsPerSecond);
        }
        if (switchLatencyNanos < 0 || irqLatencyNanos < 0 || upcallLatencyNanos < 0) {
            throw new IllegalArgumentException("latencies must be at least 0 ns");
        }
        if (mss < 536 || mss > 1460) {
            throw new IllegalArgumentException("mss must be between 536 and 1460 at MTU 1500, was " + mss);
        }
        if (receiveWindow < 4L * mss) {
            throw new IllegalArgumentException("receive window must be at least 4 segments, was " + receiveWindow);
        }
        if (txQueueFrames < 1) {
            throw new IllegalArgumentException("txQueueFrames must be at least 1, was " + txQueueFrames);
        }
        if (maxAggregated < 2 || maxAggregated > 64) {
            throw new IllegalArgumentException("maxAggregated must be between 2 and 64, was " + maxAggregated);
        }
        if (maxDescriptors < 1) {
            throw new IllegalArgumentException("maxDescriptors must be at least 1, was " + maxDescriptors);
        }
    }

    /** @return 1 GiB, seed 1, the documented costs, 1 Gbit/s, 5 µs switch, 2 µs IRQ and upcall latency */
    public static TestbedOptions defaults() {
        return new TestbedOptions(DEFAULT_BYTES, 1, CostModel.defaults(), 1_000_000_000L, 5_000, 2_000, 2_000, 1448,
                3L << 20, 1000, 64, 8, LocalTraffic.NONE);
    }

    /**
     * @param b bytes to send
     * @return a copy with it
     */
    public TestbedOptions withBytes(final long b) {
        return new TestbedOptions(b, seed, costs, linkBitsPerSecond, switchLatencyNanos, irqLatencyNanos, upcallLatencyNanos, mss,
                receiveWindow, txQueueFrames, maxAggregated, maxDescriptors, local);
    }

    /**
     * @param s the seed
     * @return a copy with it
     */
    public TestbedOptions withSeed(final long s) {
        return new TestbedOptions(bytes, s, costs, linkBitsPerSecond, switchLatencyNanos, irqLatencyNanos, upcallLatencyNanos, mss,
                receiveWindow, txQueueFrames, maxAggregated, maxDescriptors, local);
    }

    /**
     * @param c the CPU model
     * @return a copy with it
     */
    public TestbedOptions withCosts(final CostModel c) {
        return new TestbedOptions(bytes, seed, c, linkBitsPerSecond, switchLatencyNanos, irqLatencyNanos, upcallLatencyNanos, mss,
                receiveWindow, txQueueFrames, maxAggregated, maxDescriptors, local);
    }

    /**
     * @param l the driver domain's local traffic
     * @return a copy with it
     */
    public TestbedOptions withLocalTraffic(final LocalTraffic l) {
        return new TestbedOptions(bytes, seed, costs, linkBitsPerSecond, switchLatencyNanos, irqLatencyNanos, upcallLatencyNanos, mss,
                receiveWindow, txQueueFrames, maxAggregated, maxDescriptors, l);
    }
}
