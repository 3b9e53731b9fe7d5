package io.lro4j.testbed;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.MergePolicy;
import io.lro4j.testbed.tcp.DelayedAck;
import io.lro4j.xen.LroPlacement;
import io.lro4j.xen.dom0.BridgeMode;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A receiver configuration of the testbed: the paper's four (Native, Guest-1, Guest-2, Guest-3) and
 * lro4j's own beyond them: Guest-2 with a GSO-aware bridge and netback (GRO-policy aggregates cross the ring
 * whole, with GSO extra information, and are never linearized), Guest-3 in page mode (netfront hands LRO
 * the slot pages, so multi-slot packets merge too), and every LRO configuration again with the
 * segment-counting delayed ACK.
 */
public enum PaperConfig {
    /** Linux on the hardware, no LRO. */
    NATIVE("native", "Native", false, LroPlacement.NONE, BridgeMode.PAPER, AggregationMode.CHAIN, MergePolicy.INET_LRO,
            DelayedAck.PER_PACKET, true),
    /** A Xen guest behind the driver domain's bridge, no LRO. */
    GUEST_1("guest-1", "Guest-1", true, LroPlacement.NONE, BridgeMode.PAPER, AggregationMode.CHAIN, MergePolicy.INET_LRO,
            DelayedAck.PER_PACKET, true),
    /** LRO in the RealTek driver in the driver domain; aggregates linearized at the bridge. */
    GUEST_2("guest-2", "Guest-2", true, LroPlacement.NIC, BridgeMode.PAPER, AggregationMode.CHAIN, MergePolicy.INET_LRO,
            DelayedAck.PER_PACKET, true),
    /** LRO in the guest's netfront (skb mode). */
    GUEST_3("guest-3", "Guest-3", true, LroPlacement.NETFRONT, BridgeMode.PAPER, AggregationMode.CHAIN, MergePolicy.INET_LRO,
            DelayedAck.PER_PACKET, true),
    /** Beyond: LRO (GRO policy) in the driver domain with a GSO-aware bridge and netback, no linearize. */
    GUEST_2_GSO("guest-2-gso", "Guest-2 GSO-aware", true, LroPlacement.NIC, BridgeMode.GSO_AWARE, AggregationMode.CHAIN,
            MergePolicy.GRO, DelayedAck.PER_PACKET, false),
    /** Beyond: LRO in netfront in page mode. */
    GUEST_3_PAGE("guest-3-page", "Guest-3 page mode", true, LroPlacement.NETFRONT, BridgeMode.PAPER, AggregationMode.FRAGMENTS,
            MergePolicy.INET_LRO, DelayedAck.PER_PACKET, false),
    /** Beyond: Guest-2 with the segment-counting delayed ACK. */
    GUEST_2_SEGACK("guest-2-segack", "Guest-2 seg-ACK", true, LroPlacement.NIC, BridgeMode.PAPER, AggregationMode.CHAIN,
            MergePolicy.INET_LRO, DelayedAck.SEGMENT_COUNTING, false),
    /** Beyond: Guest-3 with the segment-counting delayed ACK. */
    GUEST_3_SEGACK("guest-3-segack", "Guest-3 seg-ACK", true, LroPlacement.NETFRONT, BridgeMode.PAPER, AggregationMode.CHAIN,
            MergePolicy.INET_LRO, DelayedAck.SEGMENT_COUNTING, false),
    /** Beyond: Guest-2 GSO-aware with the segment-counting delayed ACK. */
    GUEST_2_GSO_SEGACK("guest-2-gso-segack", "Guest-2 GSO-aware seg-ACK", true, LroPlacement.NIC, BridgeMode.GSO_AWARE,
            AggregationMode.CHAIN, MergePolicy.GRO, DelayedAck.SEGMENT_COUNTING, false),
    /** Beyond: Guest-3 page mode with the segment-counting delayed ACK. */
    GUEST_3_PAGE_SEGACK("guest-3-page-segack", "Guest-3 page mode seg-ACK", true, LroPlacement.NETFRONT, BridgeMode.PAPER,
            AggregationMode.FRAGMENTS, MergePolicy.INET_LRO, DelayedAck.SEGMENT_COUNTING, false);

    private final String id;
    private final String label;
    private final boolean virtualized;
    private final LroPlacement placement;
    private final BridgeMode bridgeMode;
    private final AggregationMode mode;
    private final MergePolicy policy;
    private final DelayedAck delayedAck;
    private final boolean inPaper;

    PaperConfig(final String id, final String label, final boolean virtualized, final LroPlacement placement,
            final BridgeMode bridgeMode, final AggregationMode mode, final MergePolicy policy, final DelayedAck delayedAck,
            final boolean inPaper) {
        this.id = id;
        this.label = label;
        this.virtualized = virtualized;
        this.placement = placement;
        this.bridgeMode = bridgeMode;
        this.mode = mode;
        this.policy = policy;
        this.delayedAck = delayedAck;
        this.inPaper = inPaper;
    }

    /** @return the name on the command line */
    public String id() {
        return id;
    }

    /** @return the name in tables */
    public String label() {
        return label;
    }

    /** @return true for a Xen guest, false for the native system */
    public boolean virtualized() {
        return virtualized;
    }

    /** @return where LRO runs */
    public LroPlacement placement() {
        return placement;
    }

    /** @return true if LRO runs anywhere */
    public boolean lro() {
        return placement != LroPlacement.NONE;
    }

    /** @return the bridge's behaviour */
    public BridgeMode bridgeMode() {
        return bridgeMode;
    }

    /** @return the LRO engine's mode */
    public AggregationMode mode() {
        return mode;
    }

    /** @return the LRO engine's merge policy */
    public MergePolicy policy() {
        return policy;
    }

    /** @return the receiver's delayed-ACK rule */
    public DelayedAck delayedAck() {
        return delayedAck;
    }

    /** @return true for the paper's four configurations */
    public boolean inPaper() {
        return inPaper;
    }

    /** @return the paper's four */
    public static List<PaperConfig> paper() {
        return Arrays.stream(values()).filter(PaperConfig::inPaper).toList();
    }

    /**
     * Parses a comma-separated list of ids; {@code paper} means the paper's four, {@code all} every one.
     *
     * @param list the list
     * @return the configurations, in the order given, without repeats
     * @throws IllegalArgumentException naming the valid ids
     */
    public static List<PaperConfig> parse(final String list) {
        final Set<PaperConfig> out = new LinkedHashSet<>();
        for (final String raw : list.split(",", -1)) {
            final String id = raw.trim().toLowerCase(Locale.ROOT);
            if (id.isEmpty()) {
                continue;
            }
            if (id.equals("all")) {
                out.addAll(Arrays.asList(values()));
            } else if (id.equals("paper")) {
                out.addAll(paper());
            } else {
                out.add(Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("unknown configuration '" + raw.trim() + "'; --configs takes paper, all or "
                                + Arrays.stream(values()).map(PaperConfig::id).collect(Collectors.joining(", ")))));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--configs names no configuration");
        }
        return List.copyOf(out);
    }
}
