package io.lro4j.testbed.cpu;

import io.lro4j.api.LroStats;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Charges an LRO engine's work where it runs: called for each packet the engine passes up, it charges
 * {@link Op#LRO_PACKET} for every packet the engine took in since the last call and {@link Op#LRO_FLUSH}
 * for the one passed up. Used by whichever host holds the engine (the NIC driver for Guest-2, netfront for
 * Guest-3), on that host's CPU.
 */
public final class LroCharge {

    private final CpuMeter meter;
    private final Supplier<LroStats> stats;
    private long received;

    /**
     * @param meter charges the running CPU
     * @param stats the engine's statistics
     */
    public LroCharge(final CpuMeter meter, final Supplier<LroStats> stats) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /** The engine passes one packet up. */
    public void passedUp() {
        final long now = stats.get().received();
        meter.charge(Op.LRO_PACKET, now - received);
        received = now;
        meter.charge(Op.LRO_FLUSH, 1);
    }
}
