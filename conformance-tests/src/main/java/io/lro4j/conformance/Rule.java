package io.lro4j.conformance;

import io.lro4j.spi.Capability;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The kit's rules, each with an id, a strength and the capability it needs, like the Reactive Streams
 * TCK's rule numbers. {@link LroDriverConformance} has exactly one test method per rule, named
 * {@code required_<ID>_...} or {@code optional_<ID>_...} with the id in its display name; the kit's own
 * build fails if a rule has no test or a test no rule. A required rule must pass for every driver that
 * claims the rule's capability, if it names one; an optional rule is a recommendation (merging IPv6, say,
 * where passing it up unmerged is also correct). A rule whose capability the driver does not claim is
 * skipped with the reason, never failed.
 */
public enum Rule {

    /** Seeking: a train of plain Ethernet IPv4 TCP frames is located, merged and rewritten. */
    SEEK_1(true, null, "plain Ethernet + IPv4 + TCP frames are located and merged"),
    /** Seeking: frames with an in-band 802.1Q tag merge within their VLAN and never across VLANs. */
    SEEK_2(true, Capability.ETHERNET, "in-band 802.1Q frames merge within a VLAN, never across VLANs"),
    /** Seeking: a hardware-extracted tag is reported on the packet, and separates flows. */
    SEEK_3(true, Capability.VLAN_EXTRACTION, "a hardware-extracted VLAN tag is kept and separates flows"),
    /** Seeking: IPv4 with options is delivered unchanged. */
    SEEK_4(true, null, "IPv4 with options is delivered unchanged"),
    /** Seeking: a train of IPv6 TCP frames is merged. */
    SEEK_5(false, Capability.IPV6, "IPv6 + TCP frames are located and merged"),
    /** Seeking: non-IP frames are delivered unchanged, in place. */
    SEEK_6(true, null, "non-IP frames are delivered unchanged"),
    /** Seeking: IP frames that are not TCP are delivered unchanged, in place. */
    SEEK_7(true, null, "IP frames that are not TCP are delivered unchanged"),
    /** Seeking: a frame shorter than its IP length says is never merged. */
    SEEK_8(true, null, "a truncated frame is delivered unchanged, never merged"),
    /** Seeking: a short frame padded to the Ethernet minimum is delivered unchanged, never merged. */
    SEEK_9(true, null, "a padded frame is delivered unchanged, never merged"),

    /** Checksums: every delivered aggregate has a correct IPv4 header checksum and TCP checksum. */
    CSUM_1(true, null, "aggregates carry correct IP and TCP checksums"),
    /** Checksums: a segment with a corrupted TCP checksum stays detectable. */
    CSUM_2(true, null, "a corrupted segment stays detectable by the stack"),
    /** Checksums: a segment with a corrupted IPv4 header checksum is never merged. */
    CSUM_3(true, null, "a segment with a bad IP header checksum is never merged"),

    /** Merging: an in-order train becomes one aggregate with the right GSO information. */
    MERGE_1(true, null, "an in-order train becomes one aggregate with GSO size and count"),
    /** Merging: PSH is never lost. */
    MERGE_2(true, null, "a PSH flag is never lost"),
    /** Merging: a segment that does not continue the sequence is never merged. */
    MERGE_3(true, null, "an out-of-order segment is never merged"),
    /** Merging: SYN, RST and URG segments are never merged with others. */
    MERGE_4(true, null, "SYN, RST and URG segments are never merged"),
    /** Merging: a CE-marked segment is never merged. */
    MERGE_5(true, null, "a CE-marked segment is never merged"),
    /** Merging: segments of different flows are never merged. */
    MERGE_6(true, null, "different ports or addresses are never merged"),
    /** Merging: no aggregate exceeds the 16-bit IP length. */
    MERGE_7(true, null, "no aggregate exceeds 65535 bytes of IP length"),
    /** Merging: a pure ACK is delivered unchanged, never merged. */
    MERGE_8(true, null, "a pure ACK is delivered unchanged"),

    /** Page receive: packets received into page fragments merge in fragments mode and pass up whole in skb mode. */
    FRAG_1(true, Capability.PAGE_MODE, "page-fragmented packets merge only in fragments mode; skb mode passes them up whole"),
    /** Linearize: every delivery, fragmented or not, linearizes to one contiguous copy of its bytes. */
    LIN_1(true, null, "every delivery linearizes to its own bytes, the copy counted"),

    /** Golden vectors: the test cases of lro-anchors.md §4, shipped as data, each a dynamic test. */
    GOLD_1(true, null, "the golden vectors of lro-anchors section 4 hold"),

    /** Polls: everything received in a poll has been delivered when the poll ends. */
    POLL_1(true, null, "nothing is held past the end of a poll"),

    /** Statistics: the engine's counters agree with what was delivered. */
    STATS_1(true, null, "statistics agree with the deliveries"),

    /**
     * Random traffic: seeded {@link TrafficGenerator} traffic under seeded limits keeps every property: bytes
     * conserved and in order per flow, non-data unchanged, checksums valid, nothing held past a poll, limits
     * respected, statistics consistent. A failure is shrunk and printed with its seed and a replay command.
     */
    RAND_1(true, null, "randomized traffic keeps every property");

    private final boolean required;
    private final @Nullable Capability capability;
    private final String summary;

    Rule(final boolean required, final @Nullable Capability capability, final String summary) {
        this.required = required;
        this.capability = capability;
        this.summary = summary;
    }

    /** @return true for a rule every driver must pass */
    public boolean required() {
        return required;
    }

    /** @return the capability the rule needs, or null if every driver must follow it */
    public @Nullable Capability capability() {
        return capability;
    }

    /** @return one line saying what the rule checks */
    public String summary() {
        return summary;
    }

    /** @return the id as it appears in test names and reports, such as {@code SEEK-1} */
    public String id() {
        return name().replace('_', '-');
    }

    /** @return the rule's area, such as {@code seek} */
    public String area() {
        return name().substring(0, name().indexOf('_')).toLowerCase(Locale.ROOT);
    }

    /** @return the prefix of the rule's test method, such as {@code required_SEEK_1_} */
    public String methodPrefix() {
        return (required ? "required_" : "optional_") + name() + "_";
    }
}
