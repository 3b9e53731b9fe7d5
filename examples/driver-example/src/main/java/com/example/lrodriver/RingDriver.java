package com.example.lrodriver;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.packet.BufferPool;
import io.lro4j.api.packet.Packet;
import io.lro4j.api.packet.PacketPool;
import io.lro4j.spi.LroDriver;
import io.lro4j.spi.LroManager;
import io.lro4j.spi.seeker.SoftwareHeaderSeeker;
import java.nio.ByteBuffer;

/**
 * A receive ring polled NAPI-style: the "device" writes each frame into the next of {@value #SLOTS} slots
 * of {@value #SLOT_SIZE} bytes; a poll copies every filled slot into a pooled packet, hands it to LRO in skb
 * mode and ends with {@code flushAll()}. A full ring triggers a poll first, as the device's interrupt would.
 */
public final class RingDriver implements LroDriver {

    /** Slots in the ring. */
    public static final int SLOTS = 256;
    /** Bytes per slot: the largest frame the device receives. */
    public static final int SLOT_SIZE = 2048;

    private final ByteBuffer ring = ByteBuffer.allocateDirect(SLOTS * SLOT_SIZE);
    private final int[] lengths = new int[SLOTS];
    private final long[] stamps = new long[SLOTS];
    private final PacketPool pool;
    private final LroManager lro;
    private int next;
    private int filled;
    private long oversize;

    /**
     * @param config the LRO configuration
     * @param stack where packets go
     */
    public RingDriver(final LroConfig config, final PacketSink stack) {
        this.pool = new PacketPool(new BufferPool(), Math.max(Packet.DEFAULT_MAX_FRAGMENTS, config.maxAggregated()));
        final SoftwareHeaderSeeker seeker = new SoftwareHeaderSeeker(true, true); // this "hardware" verifies nothing
        this.lro = LroManager.create(config, stack, seeker, null);
    }

    /** The device side: DMA one frame into the next free slot. */
    @Override
    public void receiveFrame(final ByteBuffer frame, final int offset, final int length, final long timestampNanos) {
        if (length > SLOT_SIZE) {
            oversize++; // the device drops it, as a NIC drops a frame larger than its buffers
            return;
        }
        if (filled == SLOTS) {
            endPoll();
        }
        final int slot = (next + filled) % SLOTS;
        ring.put(slot * SLOT_SIZE, frame, offset, length);
        lengths[slot] = length;
        stamps[slot] = timestampNanos;
        filled++;
    }

    /** The driver side: one NAPI poll over every filled slot, then LRO's flushAll. */
    @Override
    public void endPoll() {
        for (; filled > 0; filled--, next = (next + 1) % SLOTS) {
            final Packet p = pool.acquire(lengths[next]);
            p.putHead(ring, next * SLOT_SIZE, lengths[next]).timestampNanos(stamps[next]);
            lro.receiveSkb(p);
        }
        lro.flushAll();
    }

    @Override
    public LroStats lroStats() {
        return lro.stats();
    }

    /** @return frames dropped for being larger than a slot */
    public long oversize() {
        return oversize;
    }

    @Override
    public void close() {
        endPoll();
    }
}
