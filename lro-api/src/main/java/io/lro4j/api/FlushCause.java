package io.lro4j.api;

/**
 * Why a held aggregate was delivered to the stack.
 */
public enum FlushCause {
    /** {@link LroEngine#flushAll()}, at the end of a poll. */
    FLUSH_ALL("end of poll (flushAll)"),
    /** The aggregate reached {@link LroConfig#maxAggregated()} segments. */
    MAX_AGGREGATED("maxAggregated reached"),
    /** The IP length reached its limit (65535, or 65535 - MTU ahead of time under the inet_lro policy). */
    MAX_LENGTH("IP length limit"),
    /** The next segment's fragments would not fit the packet's fragment capacity (fragments mode). */
    MAX_FRAGMENTS("fragment capacity"),
    /** A segment closed the aggregate (GRO policy: PSH, FIN or a short segment). */
    CLOSED("closed by PSH, FIN or a short segment"),
    /** A packet of the flow could not be merged; see {@link LroStats#flushesBy(Verdict)}. */
    UNMERGEABLE("a packet of the flow was not merged"),
    /** A packet whose flow could not be told arrived; every flow is flushed to keep order. */
    UNKNOWN_FLOW("a packet of an unknown flow"),
    /** The flow table was full and this, the oldest aggregate, made room (GRO policy). */
    EVICTED("evicted for a new flow"),
    /** The aggregate was held longer than {@link LroConfig#flushTimeoutNanos()}. */
    TIMEOUT("held too long");

    private final String description;

    FlushCause(final String description) {
        this.description = description;
    }

    /** @return a short human-readable description */
    public String description() {
        return description;
    }
}
