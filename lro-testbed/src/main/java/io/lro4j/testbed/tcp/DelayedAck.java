package io.lro4j.testbed.tcp;

/** How the receiver decides when to ACK the data of a packet that may be an LRO aggregate. */
public enum DelayedAck {
    /**
     * Linux 2.6.18 ({@code __tcp_ack_snd_check}): one decision per packet. An aggregate of many segments is
     * more than one full segment unacknowledged, so it is ACKed at once: with LRO in the guest every
     * aggregate gets its own ACK and the ACKs per segment fall (the paper's finding).
     */
    PER_PACKET("per-packet"),
    /**
     * The fix the paper names as missing: the receiver counts the segments inside an aggregate (its length
     * over the MSS) and decides as if they had arrived one by one, sending an ACK for every second segment
     * boundary it covers, so the sender sees the ACK clock it would have seen without LRO.
     */
    SEGMENT_COUNTING("segment-counting");

    private final String id;

    DelayedAck(final String id) {
        this.id = id;
    }

    /** @return its name in reports */
    public String id() {
        return id;
    }
}
