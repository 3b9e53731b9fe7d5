package io.lro4j.api;

import java.util.Locale;

/**
 * How an engine joins the segments of an aggregate: Themann's two receive modes.
 */
public enum AggregationMode {
    /**
     * skb mode: each merged segment keeps its own buffer and is chained on the first packet's
     * {@link io.lro4j.api.packet.Packet#fragList() frag list}, its headers pulled off. Fragmented input
     * packets are not merged (they are counted as {@link Verdict#FRAGMENTED_INPUT}).
     */
    CHAIN("chain"),
    /**
     * page mode: the payload of each merged segment is attached to the first packet as page
     * {@link io.lro4j.api.packet.Packet#fragmentCount() fragments}; fragmented input is merged as long as
     * the fragment capacity, checked before appending, allows.
     */
    FRAGMENTS("fragments");

    private final String id;

    AggregationMode(final String id) {
        this.id = id;
    }

    /** @return the lower-case name used in configuration and on the command line */
    public String id() {
        return id;
    }

    /**
     * Parses {@code chain} or {@code fragments} (case-insensitive; {@code skb} and {@code page} are accepted
     * as Themann's names).
     *
     * @param text the name
     * @return the mode
     * @throws IllegalArgumentException naming the setting {@code mode} for anything else
     */
    public static AggregationMode parse(final String text) {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "chain", "skb" -> CHAIN;
            case "fragments", "page" -> FRAGMENTS;
            default -> throw new IllegalArgumentException("mode must be one of chain, fragments; was '" + text + "'");
        };
    }
}
