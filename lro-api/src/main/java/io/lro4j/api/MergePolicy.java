package io.lro4j.api;

import java.util.Locale;

/**
 * Which segments an engine may merge: the rules of SPEC §5's policy table.
 */
public enum MergePolicy {
    /**
     * Themann-compatible (Linux {@code inet_lro}), the default: ACK required, PSH merged and kept, options
     * none or exactly NOP,NOP,TS with TSval not going back and TSecr non-zero, ACK and window may advance
     * (the last ones are written), TOS/TTL/IP ID not compared (CE excepted), any segment sizes. When the
     * flow table is full, packets of new flows pass through ({@link Verdict#NO_DESCRIPTOR}). Aggregates
     * are not forwardable.
     */
    INET_LRO("inet-lro"),
    /**
     * Linux GRO-strict, forwarding-safe: TCP flags, ACK, window and options identical; TOS, TTL and DF
     * equal; IP ID +1 per segment or fixed; all segments the size of the first, a shorter one (or one with
     * PSH or FIN) only last, closing the aggregate. When the flow table is full, the oldest aggregate is
     * evicted. Aggregates carry exact GSO information and can be re-segmented exactly.
     */
    GRO("gro");

    private final String id;

    MergePolicy(final String id) {
        this.id = id;
    }

    /** @return the lower-case name used in configuration and on the command line */
    public String id() {
        return id;
    }

    /**
     * Parses {@code inet-lro} or {@code gro} (case-insensitive; {@code inet_lro} and {@code lro} accepted).
     *
     * @param text the name
     * @return the policy
     * @throws IllegalArgumentException naming the setting {@code policy} for anything else
     */
    public static MergePolicy parse(final String text) {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "inet-lro", "inet_lro", "lro" -> INET_LRO;
            case "gro" -> GRO;
            default -> throw new IllegalArgumentException("policy must be one of inet-lro, gro; was '" + text + "'");
        };
    }
}
