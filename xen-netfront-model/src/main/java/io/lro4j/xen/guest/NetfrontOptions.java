package io.lro4j.xen.guest;

import java.util.Objects;

/**
 * Netfront's set-up.
 *
 * @param era which netfront ({@link NetfrontEra#XEN_3_1} is the paper's)
 * @param budget NAPI weight: packets per poll (64)
 * @param rxTargetMin the least RX buffers kept posted ({@code rxbuf_min}, 64)
 * @param rxTargetMax the most ({@code rxbuf_max}, 256: the ring)
 */
public record NetfrontOptions(NetfrontEra era, int budget, int rxTargetMin, int rxTargetMax) {

    /** {@code RX_DFL_MIN_TARGET}. */
    public static final int DEFAULT_RX_TARGET_MIN = 64;
    /** {@code RX_MAX_TARGET} with a 256-slot ring. */
    public static final int DEFAULT_RX_TARGET_MAX = 256;
    /** {@code RX_MIN_TARGET}, the least {@code rxbuf_min} X31 accepts. */
    public static final int RX_MIN_TARGET = 8;

    /**
     * @throws IllegalArgumentException naming the first bad setting
     */
    public NetfrontOptions {
        Objects.requireNonNull(era, "era");
        if (budget < 1 || budget > 256) {
            throw new IllegalArgumentException("budget must be between 1 and 256, was " + budget);
        }
        if (rxTargetMin < RX_MIN_TARGET || rxTargetMin > DEFAULT_RX_TARGET_MAX) {
            throw new IllegalArgumentException("rxTargetMin must be between 8 and 256, was " + rxTargetMin);
        }
        if (rxTargetMax < rxTargetMin || rxTargetMax > DEFAULT_RX_TARGET_MAX) {
            throw new IllegalArgumentException("rxTargetMax must be between rxTargetMin (" + rxTargetMin
                    + ") and 256, was " + rxTargetMax);
        }
    }

    /** @return Xen 3.1's netfront: budget 64, target 64 to 256 */
    public static NetfrontOptions defaults() {
        return new NetfrontOptions(NetfrontEra.XEN_3_1, 64, DEFAULT_RX_TARGET_MIN, DEFAULT_RX_TARGET_MAX);
    }

    /**
     * @param era another era
     * @return a copy with it
     */
    public NetfrontOptions withEra(final NetfrontEra era) {
        return new NetfrontOptions(era, budget, rxTargetMin, rxTargetMax);
    }
}
