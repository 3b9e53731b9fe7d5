package io.lro4j.testbed;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one run of one configuration measured: the paper's quantities (throughput, LRO rate, physical and
 * TCP-layer packets, ACKs and SACKs, CPU cycles per domain) and the model's own (copies, linearized bytes,
 * fragmented packets, packets per poll, notifications). Counts are of the run's transfer;
 * {@link #perPaperTransfer} scales one to the paper's 10 GiB.
 *
 * @param config the configuration
 * @param bytes bytes sent
 * @param seed the seed
 * @param complete true if every byte was acknowledged
 * @param streamIntact true if the receiver's byte stream equals the sender's (length and CRC-32C)
 * @param seconds virtual seconds from the first segment to the last ACK
 * @param mbps goodput, Mbit/s
 * @param physRx frames the physical NIC received (retransmissions included)
 * @param rxMissed frames the NIC dropped for want of a descriptor
 * @param physTx frames the physical NIC transmitted (the receiver's ACKs)
 * @param tcpRx data packets that reached the receiver's TCP layer
 * @param tcpSegments MSS-sized segments inside them
 * @param lroRate segments per TCP-layer data packet (1 without LRO)
 * @param acks ACKs the receiver sent
 * @param sackAcks of those, ACKs with SACK or D-SACK blocks
 * @param delayedAcks of those, ACKs sent by the delayed-ACK timer
 * @param retransmissions segments the sender retransmitted
 * @param recoveries fast recoveries
 * @param timeouts retransmission timeouts
 * @param nicPolls NAPI polls of the physical NIC
 * @param nicPolled descriptors those polls processed
 * @param cpuCycles cycles by CPU, then by component, in report order
 * @param cpuBusy fraction of the run each CPU was busy
 * @param xen the Xen model's counters by name (empty for Native)
 * @param lroVerdicts the LRO engine's verdicts by name (empty without LRO)
 * @param mergedAggregates aggregates of two or more segments the LRO engine delivered (0 without LRO)
 * @param local the driver domain's local connection, if the run had one
 */
public record RunResult(PaperConfig config, long bytes, long seed, boolean complete, boolean streamIntact, double seconds,
        double mbps, long physRx, long rxMissed, long physTx, long tcpRx, long tcpSegments, double lroRate, long acks, long sackAcks,
        long delayedAcks, long retransmissions, long recoveries, long timeouts, long nicPolls, long nicPolled,
        Map<String, Map<String, Double>> cpuCycles, Map<String, Double> cpuBusy, Map<String, Long> xen,
        Map<String, Long> lroVerdicts, long mergedAggregates, @Nullable LocalResult local) {

    /** @return TCP-layer data packets per ACK sent (the paper's "ACKs" ratio: about 2 with delayed ACK) */
    public double packetsPerAck() {
        return acks == 0 ? 0 : (double) tcpRx / acks;
    }

    /** @return the share of ACKs that carried SACK blocks */
    public double sackRate() {
        return acks == 0 ? 0 : (double) sackAcks / acks;
    }

    /** @return descriptors per NAPI poll of the physical NIC */
    public double packetsPerNicPoll() {
        return nicPolls == 0 ? 0 : (double) nicPolled / nicPolls;
    }

    /**
     * @param name a Xen counter's name
     * @return its value, 0 if absent
     */
    public long xen(final String name) {
        return xen.getOrDefault(name, 0L);
    }

    /**
     * @param count a count of this run
     * @return it scaled to the paper's 10 GiB transfer
     */
    public double perPaperTransfer(final double count) {
        return count * TestbedOptions.PAPER_BYTES / bytes;
    }

    /** @return total cycles over every CPU and component */
    public double totalCycles() {
        return cpuCycles.values().stream().flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue).sum();
    }
}
