package io.lro4j.testbed;

/**
 * The driver domain's own traffic to the guest (the paper's "loopback" packets): a second TCP connection from
 * Domain-0's stack to the guest, through netloop and the bridge, beside the remote sender's transfer. Domain-0's
 * TCP sends with scatter-gather, so each segment reaches netfront as a header page and a data page (a
 * multi-slot, fragmented packet) that skb-mode LRO cannot take and passes up. With {@link #secondVif} the flow
 * goes to the guest's second interface instead ({@code vif1.1}/{@code eth1}, LRO off): the paper's workaround,
 * which leaves the first interface's LRO only the remote traffic. The local application writes at
 * {@link #bitsPerSecond}, modelled as a shaper in front of netloop; the local sender's own TCP work is not
 * charged to Domain-0's CPU (netloop, the bridge, netback and the grant copies are).
 *
 * @param bytes bytes the local connection sends (0: no local traffic)
 * @param bitsPerSecond the local application's rate
 * @param secondVif true to send it over a second vif pair
 */
public record LocalTraffic(long bytes, long bitsPerSecond, boolean secondVif) {

    /** No local traffic. */
    public static final LocalTraffic NONE = new LocalTraffic(0, 100_000_000L, false);

    /**
     * @throws IllegalArgumentException naming the first bad setting
     */
    public LocalTraffic {
        if (bytes < 0 || bytes > (1L << 40)) {
            throw new IllegalArgumentException("local traffic bytes must be between 0 and 2^40, was " + bytes);
        }
        if (bitsPerSecond < 1_000_000 || bitsPerSecond > 10_000_000_000L) {
            throw new IllegalArgumentException("local traffic rate must be between 1 Mbit/s and 10 Gbit/s, was " + bitsPerSecond);
        }
    }

    /** @return true if there is local traffic */
    public boolean enabled() {
        return bytes > 0;
    }
}
