package io.lro4j.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of one LRO engine: what Themann's {@code net_lro_mgr} held, plus the policy.
 *
 * <p>Immutable; made with {@link #builder()}. Defaults follow inet_lro and the paper: chain (skb) mode,
 * the inet_lro policy, 8 flow descriptors, 64 segments per aggregate, MTU 1500, no time-bound flush,
 * forwarding off. {@link Builder#build()} rejects invalid values with a message naming the setting.
 */
public final class LroConfig {

    /** Default number of flow descriptors, as inet_lro drivers used ({@code MAX_LRO_DESCRIPTORS}). */
    public static final int DEFAULT_MAX_DESCRIPTORS = 8;
    /** Largest number of flow descriptors. */
    public static final int MAX_DESCRIPTORS = 1 << 20;
    /** Default segments per aggregate, as in the paper. */
    public static final int DEFAULT_MAX_AGGREGATED = 64;
    /** Largest segments per aggregate. */
    public static final int MAX_AGGREGATED = 0xFFFF;
    /** Default MTU. */
    public static final int DEFAULT_MTU = 1500;

    private final AggregationMode mode;
    private final MergePolicy policy;
    private final int maxDescriptors;
    private final int maxAggregated;
    private final int mtu;
    private final long flushTimeoutNanos;
    private final NanoClock clock;
    private final boolean forwarding;
    private final boolean enabled;
    private final @Nullable String engine;

    private LroConfig(final Builder b) {
        this.mode = b.mode;
        this.policy = b.policy;
        this.maxDescriptors = b.maxDescriptors;
        this.maxAggregated = b.maxAggregated;
        this.mtu = b.mtu;
        this.flushTimeoutNanos = b.flushTimeoutNanos;
        this.clock = b.clock;
        this.forwarding = b.forwarding;
        this.enabled = b.enabled;
        this.engine = b.engine;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static LroConfig defaults() {
        return builder().build();
    }

    /** @return a builder initialised with this configuration */
    public Builder toBuilder() {
        return new Builder().mode(mode).policy(policy).maxDescriptors(maxDescriptors).maxAggregated(maxAggregated).enabled(enabled)
                .mtu(mtu).flushTimeoutNanos(flushTimeoutNanos).clock(clock).forwarding(forwarding).engine(engine);
    }

    /** @return chain (skb) or fragments (page) mode */
    public AggregationMode mode() {
        return mode;
    }

    /** @return the merge policy */
    public MergePolicy policy() {
        return policy;
    }

    /** @return the most flows that can hold an aggregate at once */
    public int maxDescriptors() {
        return maxDescriptors;
    }

    /** @return the most segments in one aggregate */
    public int maxAggregated() {
        return maxAggregated;
    }

    /** @return the device MTU; the inet_lro policy flushes an aggregate whose IP length exceeds 65535 - MTU */
    public int mtu() {
        return mtu;
    }

    /** @return how long an aggregate may be held, in nanoseconds of {@link #clock()}; 0 = no bound */
    public long flushTimeoutNanos() {
        return flushTimeoutNanos;
    }

    /** @return the clock for the time bound */
    public NanoClock clock() {
        return clock;
    }

    /** @return true if received packets may be forwarded (inet_lro-policy aggregation is then disabled) */
    public boolean forwarding() {
        return forwarding;
    }

    /**
     * @return false if LRO is switched off ({@code ethtool -K eth0 lro off}, or Linux's {@code dev_disable_lro}
     *         on a bridged port): the engine then passes every packet up untouched, counted as
     *         {@link Verdict#DISABLED}
     */
    public boolean enabled() {
        return enabled;
    }

    /** @return the name of the engine provider to use, or null for the highest-priority one */
    public @Nullable String engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "LroConfig[mode=" + mode.id() + ", policy=" + policy.id() + ", maxDescriptors=" + maxDescriptors
                + ", maxAggregated=" + maxAggregated + ", mtu=" + mtu
                + (flushTimeoutNanos > 0 ? ", flushTimeoutNanos=" + flushTimeoutNanos : "")
                + (forwarding ? ", forwarding" : "") + (enabled ? "" : ", disabled") + (engine != null ? ", engine=" + engine : "") + "]";
    }

    /** A mutable builder of {@link LroConfig}; values are checked in {@link #build()}. */
    public static final class Builder {
        private AggregationMode mode = AggregationMode.CHAIN;
        private MergePolicy policy = MergePolicy.INET_LRO;
        private int maxDescriptors = DEFAULT_MAX_DESCRIPTORS;
        private int maxAggregated = DEFAULT_MAX_AGGREGATED;
        private int mtu = DEFAULT_MTU;
        private long flushTimeoutNanos;
        private NanoClock clock = NanoClock.SYSTEM;
        private boolean forwarding;
        private boolean enabled = true;
        private @Nullable String engine;

        private Builder() {
        }

        /**
         * @param mode chain or fragments
         * @return this builder
         */
        public Builder mode(final AggregationMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param policy the merge policy
         * @return this builder
         */
        public Builder policy(final MergePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param maxDescriptors flows that can hold an aggregate at once, 1 to {@value LroConfig#MAX_DESCRIPTORS}
         * @return this builder
         */
        public Builder maxDescriptors(final int maxDescriptors) {
            this.maxDescriptors = maxDescriptors;
            return this;
        }

        /**
         * @param maxAggregated segments per aggregate, 1 to {@value LroConfig#MAX_AGGREGATED}
         * @return this builder
         */
        public Builder maxAggregated(final int maxAggregated) {
            this.maxAggregated = maxAggregated;
            return this;
        }

        /**
         * @param mtu the device MTU, 68 to 65535
         * @return this builder
         */
        public Builder mtu(final int mtu) {
            this.mtu = mtu;
            return this;
        }

        /**
         * @param nanos longest time an aggregate may be held, 0 for no bound
         * @return this builder
         */
        public Builder flushTimeoutNanos(final long nanos) {
            this.flushTimeoutNanos = nanos;
            return this;
        }

        /**
         * @param clock the clock the time bound is measured on
         * @return this builder
         */
        public Builder clock(final NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param forwarding true if packets may be forwarded
         * @return this builder
         */
        public Builder forwarding(final boolean forwarding) {
            this.forwarding = forwarding;
            return this;
        }

        /**
         * @param enabled false to switch LRO off: every packet is passed up untouched
         * @return this builder
         */
        public Builder enabled(final boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * @param engine name of the engine provider, or null for the default
         * @return this builder
         */
        public Builder engine(final @Nullable String engine) {
            this.engine = engine;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public LroConfig build() {
            check("maxDescriptors", maxDescriptors, 1, MAX_DESCRIPTORS);
            check("maxAggregated", maxAggregated, 1, MAX_AGGREGATED);
            check("mtu", mtu, 68, 0xFFFF);
            if (flushTimeoutNanos < 0) {
                throw new IllegalArgumentException("flushTimeoutNanos must be 0 (no bound) or positive, was "
                        + flushTimeoutNanos);
            }
            if (engine != null && engine.isBlank()) {
                throw new IllegalArgumentException("engine must be a provider name or null, was blank");
            }
            return new LroConfig(this);
        }

        private static void check(final String setting, final int value, final int min, final int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(setting + " must be between " + min + " and " + max
                        + ", was " + value);
            }
        }
    }
}
