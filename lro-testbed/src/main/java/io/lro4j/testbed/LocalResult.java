package io.lro4j.testbed;

/**
 * What the driver domain's local connection ({@link LocalTraffic}) measured in one run.
 *
 * @param bytes bytes it sent
 * @param secondVif true if it went over the guest's second vif pair
 * @param complete true if every byte was acknowledged
 * @param streamIntact true if the guest received exactly the bytes sent (length and CRC-32C)
 * @param mbps its goodput, Mbit/s
 * @param dataPackets data packets that reached the guest's TCP layer on it
 * @param retransmissions segments it retransmitted
 */
public record LocalResult(long bytes, boolean secondVif, boolean complete, boolean streamIntact, double mbps, long dataPackets,
        long retransmissions) {
}
