package io.lro4j.benchmarks;

import io.lro4j.api.AggregationMode;
import io.lro4j.api.Lro;
import io.lro4j.api.LroConfig;
import io.lro4j.api.LroEngine;
import io.lro4j.api.MergePolicy;
import io.lro4j.api.PacketSink;
import io.lro4j.api.header.EthernetHeader;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.ChecksumState;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * gro_bench.c's loop in Java. Per burst: the "RX" step takes pooled packets whose buffers already hold the
 * payload and copies in the 66-byte header of the next stream positions from a pre-built ring, then sets
 * lengths and header offsets; then LRO (each packet to the engine, {@code flushAll()} at the end); then the
 * "TX" step sums the delivered packets' lengths and segments and releases them. Without an engine the
 * burst goes straight from RX to TX: that is the reset cost to subtract.
 */
public final class BurstHarness implements PacketSink {

    private final PacketPool pool;
    private final ByteBuffer ring;
    private final int positions;
    private final int frameLength;
    private final @Nullable LroEngine engine;
    private final Packet[] held;
    private int position;
    private long txBytes;
    private long txSegments;
    private long txPackets;

    /**
     * Creates a harness.
     *
     * @param ring the header ring ({@code positions} 66-byte headers)
     * @param positions stream positions in the ring
     * @param payload payload bytes per segment
     * @param config the engine configuration, or null for the reset-only loop
     * @param maxFragments fragment capacity of the packets
     * @param inFlight packets that can be in flight at once (for pre-filling the pool)
     */
    public BurstHarness(final ByteBuffer ring, final int positions, final int payload, final @Nullable LroConfig config,
            final int maxFragments, final int inFlight) {
        this.pool = new PacketPool(new BufferPool(), maxFragments);
        this.ring = ring;
        this.positions = positions;
        this.frameLength = SyntheticStream.HEADER_LENGTH + payload;
        this.engine = config == null ? null : Lro.newEngine(config, this);
        this.held = new Packet[inFlight];
        // Pre-fill the pools: buffers holding the payload pattern, as DPDK's mempool holds ready mbufs.
        final List<Packet> held = new ArrayList<>(inFlight);
        for (int i = 0; i < inFlight; i++) {
            final Packet p = pool.acquire(frameLength);
            for (int b = 0; b < payload; b++) {
                p.headBuffer().put(SyntheticStream.HEADER_LENGTH + b, (byte) (b * 7 + 3));
            }
            held.add(p);
        }
        held.forEach(Packet::release);
    }

    /**
     * A configuration as the benchmarks use it.
     *
     * @param mode chain or fragments
     * @param policy inet-lro or gro
     * @param descriptors flow descriptors
     * @return the configuration
     */
    public static LroConfig config(final String mode, final String policy, final int descriptors) {
        return LroConfig.builder().mode(AggregationMode.parse(mode)).policy(MergePolicy.parse(policy))
                .maxDescriptors(descriptors).build();
    }

    /**
     * Runs one burst: RX, LRO (if any) with a flush at the end, TX. Without an engine it is gro_bench.c's
     * {@code reset}: the whole burst is received, then the whole burst released (its
     * {@code rte_pktmbuf_alloc_bulk} and {@code rte_pktmbuf_free_bulk}), so the reset loop touches the same
     * burst-sized working set of packets and buffers as the LRO loop and the difference is the engine alone.
     *
     * @param burst packets in the burst, at most the harness's in-flight capacity
     */
    public void burst(final int burst) {
        final LroEngine lro = engine;
        if (lro == null) {
            resetBurst(burst);
            return;
        }
        for (int i = 0; i < burst; i++) {
            lro.receive(rx());
        }
        lro.flushAll();
    }

    /** The whole burst received, then the whole burst released: gro_bench.c's alloc_bulk and free_bulk. */
    private void resetBurst(final int burst) {
        for (int i = 0; i < burst; i++) {
            held[i] = rx();
        }
        for (int i = 0; i < burst; i++) {
            deliver(held[i]);
        }
    }

    /** The RX step for one packet: a pooled buffer that holds the payload gets the next stream position's header. */
    private Packet rx() {
        final Packet p = pool.acquire(frameLength);
        p.headBuffer().put(0, ring, position * SyntheticStream.HEADER_LENGTH, SyntheticStream.HEADER_LENGTH);
        if (++position == positions) {
            position = 0;
        }
        return p.headLength(frameLength).headers(EthernetHeader.TYPE_IPV4, 0, 14, 34)
                .checksumState(ChecksumState.UNNECESSARY);
    }

    @Override
    public void deliver(final Packet packet) {
        txBytes += packet.length();
        txSegments += Math.max(1, packet.gsoSegments());
        txPackets++;
        packet.release();
    }

    /** @return bytes delivered so far (consumed by the benchmarks, so nothing is optimised away) */
    public long txBytes() {
        return txBytes;
    }

    /** @return segments delivered so far (an aggregate counts its segments) */
    public long txSegments() {
        return txSegments;
    }

    /** @return packets delivered so far */
    public long txPackets() {
        return txPackets;
    }

    /** @return the engine, or null for the reset-only harness */
    public @Nullable LroEngine engine() {
        return engine;
    }
}
