package io.lro4j.api.packet;

import java.util.Arrays;

/**
 * A pool of {@link Packet} objects with heads from a {@link BufferPool}: what a driver receives into.
 *
 * <p>Packets are created on demand and returned by {@link Packet#release()}, so a steady receive path
 * allocates nothing. Like the buffer pool, a packet pool belongs to one receive queue and is not
 * thread-safe.
 */
public final class PacketPool {

    private final BufferPool buffers;
    private final int maxFragments;
    private Packet[] free = new Packet[16];
    private int freeCount;
    private long created;
    private long outstanding;

    /**
     * Creates a pool.
     *
     * @param buffers where packet heads come from
     * @param maxFragments fragment capacity of every packet (Linux's {@code MAX_SKB_FRAGS}, default 17)
     */
    public PacketPool(final BufferPool buffers, final int maxFragments) {
        if (maxFragments < 1 || maxFragments > 0xFFFF) {
            throw new IllegalArgumentException("maxFragments must be between 1 and 65535, was " + maxFragments);
        }
        this.buffers = buffers;
        this.maxFragments = maxFragments;
    }

    /** Creates a pool of heap buffers and packets with {@value Packet#DEFAULT_MAX_FRAGMENTS} fragments. */
    public PacketPool() {
        this(new BufferPool(), Packet.DEFAULT_MAX_FRAGMENTS);
    }

    /** @return an empty packet: no head, no fragments, default metadata */
    public Packet acquire() {
        outstanding++;
        final Packet packet;
        if (freeCount > 0) {
            // the slot keeps its stale reference: pooled packets live as long as the pool anyway
            packet = free[--freeCount];
        } else {
            created++;
            packet = new Packet(this, maxFragments);
        }
        packet.reuse();
        return packet;
    }

    /**
     * Hands out a packet whose empty head can take {@code headCapacity} bytes.
     *
     * @param headCapacity bytes the head must be able to hold
     * @return a packet with a pooled head of length 0
     */
    public Packet acquire(final int headCapacity) {
        final Packet packet = acquire();
        packet.setHead(buffers.acquire(headCapacity), 0, 0, buffers);
        return packet;
    }

    void recycle(final Packet packet) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = packet;
        outstanding--;
    }

    /** @return the buffer pool packet heads come from */
    public BufferPool buffers() {
        return buffers;
    }

    /** @return the fragment capacity of this pool's packets */
    public int maxFragments() {
        return maxFragments;
    }

    /** @return packets created so far (a steady state creates none) */
    public long created() {
        return created;
    }

    /** @return packets handed out and not yet released */
    public long outstanding() {
        return outstanding;
    }
}
