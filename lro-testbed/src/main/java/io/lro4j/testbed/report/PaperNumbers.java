package io.lro4j.testbed.report;

import io.lro4j.testbed.PaperConfig;
import org.jspecify.annotations.Nullable;

/**
 * The paper's published figures for one configuration, as recorded in the design of record (SPEC §1); a
 * figure not recorded there is null and reported as "n/a", never guessed. Counts are of the paper's
 * 10 GiB transfer.
 *
 * @param mbps throughput (Table II)
 * @param lroRate segments per aggregate (Table II)
 * @param tcpRx packets at the guest's TCP layer (Table V)
 * @param packetsPerAck TCP-layer packets per ACK sent (Table VI)
 * @param sackRate share of ACKs with SACK blocks (Table VI)
 */
public record PaperNumbers(@Nullable Double mbps, @Nullable Double lroRate, @Nullable Double tcpRx, @Nullable Double packetsPerAck,
        @Nullable Double sackRate) {

    private static final PaperNumbers NONE = new PaperNumbers(null, null, null, null, null);

    /**
     * @param config a configuration
     * @return the paper's figures for it (all null for lro4j's own configurations)
     */
    public static PaperNumbers of(final PaperConfig config) {
        return switch (config) {
            case NATIVE -> new PaperNumbers(557.0, 1.00, null, null, null);
            case GUEST_1 -> new PaperNumbers(505.4, 1.00, 7.42e6, 1.93, 0.142);
            case GUEST_2 -> new PaperNumbers(508.4, 1.99, 3.74e6, 1.41, 0.143);
            case GUEST_3 -> new PaperNumbers(615.3, 4.92, 1.51e6, 1.03, 0.095);
            default -> NONE;
        };
    }
}
