package io.lro4j.conformance;

/** The bugs the kit's self-test plants in {@link ReferenceDriver}, each a mistake a real driver or engine makes. */
enum Bug {
    /** None: the reference driver as it should be. */
    NONE("none"),
    /** Strips in-band 802.1Q tags as VLAN-extracting hardware does but never reports the tag: VLANs merge. */
    VLAN_TAG_DROPPED("merges across VLANs (tag stripped, never reported)"),
    /** Clears PSH on aggregates, as an engine that does not carry it into the merged header. */
    PSH_IGNORED("ignores PSH"),
    /** Clears CE marks, as an engine that merges CE segments into a non-CE header. */
    CE_DROPPED("drops CE"),
    /** Leaves the IPv4 header checksum of an aggregate as it was for one segment's length. */
    STALE_IP_CHECKSUM("stale IP checksum"),
    /** Writes a wrong TCP checksum into aggregates and still marks them verified. */
    WRONG_TCP_CHECKSUM("wrong TCP checksum"),
    /** Holds what the engine delivers in a poll and hands it to the stack in reverse at the poll's end. */
    REORDER_ON_FLUSH("reorders on flush"),
    /** Receives into pages and runs the engine in fragments mode even when skb (chain) mode is configured. */
    SKB_MODE_IGNORED("merges fragmented packets in skb mode"),
    /** Coalesces consecutive aggregates of a flow again after the engine, with no length limit. */
    NO_LENGTH_LIMIT("exceeds 65535"),
    /** Drops TCP segments without payload before LRO. */
    PURE_ACK_LOST("loses pure ACKs"),
    /** Reports one merged segment too many. */
    STATS_MISCOUNTED("miscounts statistics"),
    /** Trims every IPv4 frame to the length its IP header claims, before LRO. */
    LYING_LENGTH_TRUSTED("trusts a lying length"),
    /** Does not flush at the end of a poll; aggregates wait for the next one. */
    NO_FLUSH_AT_POLL_END("holds aggregates past the poll"),
    /** Tells the engine every checksum was verified by hardware that did not verify it. */
    CHECKSUM_TRUSTED("claims unverified checksums verified");

    private final String description;

    Bug(final String description) {
        this.description = description;
    }

    @Override
    public String toString() {
        return name() + " (" + description + ")";
    }
}
