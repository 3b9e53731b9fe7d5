package io.lro4j.testbed;

import io.lro4j.testbed.cpu.CostModel;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one calibration the testbed allows: the receiver's IP+TCP cost per packet ({@code op.TCP_RX_PACKET})
 * is searched, by bisection, for the value at which Guest-1 alone reaches the paper's 505.4 Mbit/s. Every
 * other configuration then runs on the same costs, as a prediction. The result goes into
 * {@code costs.properties} by hand, with the run's bytes and seed.
 */
public final class Calibration {

    /** The calibrated key. */
    public static final String KEY = "op.TCP_RX_PACKET";

    private Calibration() {
    }

    /**
     * Searches the calibrated cost.
     *
     * @param options the set-up (its costs are the starting point)
     * @param targetMbps Guest-1's throughput to reach (the paper's 505.4)
     * @param log told each step
     * @return the calibrated cost model
     */
    public static CostModel calibrate(final TestbedOptions options, final double targetMbps, final Consumer<String> log) {
        Objects.requireNonNull(log, "log");
        double lo = 0;
        double hi = 200_000;
        CostModel best = options.costs();
        for (int i = 0; i < 18 && hi - lo > 25; i++) {
            final double mid = (lo + hi) / 2;
            final CostModel m = options.costs().with(KEY, Math.rint(mid));
            final RunResult r = Testbed.run(PaperConfig.GUEST_1, options.withCosts(m), f -> { });
            log.accept(String.format("%s=%.0f -> Guest-1 %.1f Mbit/s", KEY, Math.rint(mid), r.mbps()));
            if (r.mbps() > targetMbps) {
                lo = mid;
            } else {
                hi = mid;
            }
            best = m;
        }
        return best.with(KEY, Math.rint((lo + hi) / 2));
    }
}
