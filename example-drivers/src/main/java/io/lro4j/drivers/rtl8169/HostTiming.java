package io.lro4j.drivers.rtl8169;

/**
 * The time a receiving host spends, for {@link Rtl8169Host}'s timed mode: how long after the interrupt line
 * rises the driver's handler runs and how long its CPU spends per descriptor and per poll, with the rate of
 * the link the frames arrive on. These decide how many frames a poll finds, and so how much LRO can merge:
 * a CPU that keeps up finds one frame per poll, a busy one finds many (the paper's explanation of its low
 * LRO rates).
 *
 * <p>The defaults are illustrative round numbers for a 2007 server receiving at 1 Gbit/s, not a
 * calibration: a 12.3 µs wire time per full-sized frame against 5 µs interrupt latency, 4 µs per packet
 * (driver, LRO and the stack above it) and 2 µs per poll. The paper testbed calibrates its own costs.
 *
 * @param linkBitsPerSecond the link's rate, 0 for frames arriving exactly at their timestamps
 * @param irqLatencyNanos from the interrupt line rising to the handler running
 * @param perPacketNanos CPU time per descriptor processed in a poll
 * @param perPollNanos CPU time per poll beyond its packets (softirq entry, flush, refill, unmask)
 */
public record HostTiming(long linkBitsPerSecond, long irqLatencyNanos, long perPacketNanos, long perPollNanos) {

    /**
     * Checks the values.
     *
     * @param linkBitsPerSecond link rate or 0
     * @param irqLatencyNanos at least 0
     * @param perPacketNanos at least 0
     * @param perPollNanos at least 0
     */
    public HostTiming {
        if (linkBitsPerSecond < 0) {
            throw new IllegalArgumentException("link rate must be at least 0 bit/s (0 = unlimited), was " + linkBitsPerSecond);
        }
        if (irqLatencyNanos < 0 || perPacketNanos < 0 || perPollNanos < 0) {
            throw new IllegalArgumentException("irq latency, per-packet and per-poll costs must be at least 0 ns, were "
                    + irqLatencyNanos + ", " + perPacketNanos + ", " + perPollNanos);
        }
    }

    /** @return 1 Gbit/s, 5 µs interrupt latency, 4 µs per packet, 2 µs per poll */
    public static HostTiming defaults() {
        return new HostTiming(EthernetLink.GIGABIT, 5_000, 4_000, 2_000);
    }
}
