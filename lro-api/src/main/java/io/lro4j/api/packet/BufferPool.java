package io.lro4j.api.packet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A pool of big-endian buffers in power-of-two size classes, from {@value #MIN_CAPACITY} bytes to
 * {@value #MAX_CAPACITY} bytes: the "pages" and packet heads of lro4j.
 *
 * <p>{@link #acquire(int)} returns a buffer of the smallest class that fits; {@link #recycle(ByteBuffer)}
 * takes it back. Buffers are created on demand and kept, so a steady receive path allocates nothing.
 * A pool is not thread-safe: like a NAPI context, one pool belongs to one receive queue.
 */
public final class BufferPool implements BufferRecycler {

    /** Capacity of the smallest size class. */
    public static final int MIN_CAPACITY = 64;
    /** Capacity of the largest size class (16 MiB). */
    public static final int MAX_CAPACITY = 1 << 24;

    private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(MIN_CAPACITY);
    private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_CAPACITY) - MIN_SHIFT + 1;

    private final boolean direct;
    private final ByteBuffer[][] free = new ByteBuffer[CLASSES][];
    private final int[] freeCount = new int[CLASSES];
    private long created;
    private long createdBytes;
    private long outstanding;

    /**
     * Creates a pool.
     *
     * @param direct true for direct (off-heap) buffers, as needed by native I/O; false for heap buffers
     */
    public BufferPool(final boolean direct) {
        this.direct = direct;
        for (int i = 0; i < CLASSES; i++) {
            free[i] = new ByteBuffer[8];
        }
    }

    /** Creates a pool of heap buffers. */
    public BufferPool() {
        this(false);
    }

    /**
     * Hands out a buffer of at least {@code minCapacity} bytes, positioned at 0 with its limit at its
     * capacity.
     *
     * @param minCapacity bytes needed, from 0 to {@value #MAX_CAPACITY}
     * @return a big-endian buffer owned by the caller until recycled
     */
    public ByteBuffer acquire(final int minCapacity) {
        final int cls = sizeClass(minCapacity);
        outstanding++;
        final int n = freeCount[cls];
        if (n > 0) {
            // the slot keeps its stale reference: pooled buffers live as long as the pool anyway
            final ByteBuffer buffer = free[cls][n - 1];
            freeCount[cls] = n - 1;
            return buffer;
        }
        final int capacity = MIN_CAPACITY << cls;
        created++;
        createdBytes += capacity;
        final ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        return buffer.order(ByteOrder.BIG_ENDIAN);
    }

    @Override
    public void recycle(final ByteBuffer buffer) {
        final int capacity = buffer.capacity();
        if (Integer.bitCount(capacity) != 1 || capacity < MIN_CAPACITY || capacity > MAX_CAPACITY
                || buffer.isDirect() != direct) {
            throw new IllegalArgumentException("buffer of capacity " + capacity + (buffer.isDirect() ? " (direct)" : "")
                    + " was not handed out by this pool");
        }
        final int cls = Integer.numberOfTrailingZeros(capacity) - MIN_SHIFT;
        buffer.clear().order(ByteOrder.BIG_ENDIAN);
        if (freeCount[cls] == free[cls].length) {
            free[cls] = Arrays.copyOf(free[cls], free[cls].length * 2);
        }
        free[cls][freeCount[cls]++] = buffer;
        outstanding--;
    }

    /** @return true if this pool hands out direct buffers */
    public boolean isDirect() {
        return direct;
    }

    /** @return buffers created so far (a steady state creates none) */
    public long created() {
        return created;
    }

    /** @return bytes of all buffers created so far */
    public long createdBytes() {
        return createdBytes;
    }

    /** @return buffers handed out and not yet recycled */
    public long outstanding() {
        return outstanding;
    }

    private static int sizeClass(final int minCapacity) {
        if (minCapacity < 0 || minCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("buffer capacity must be between 0 and " + MAX_CAPACITY
                    + " bytes, was " + minCapacity);
        }
        if (minCapacity <= MIN_CAPACITY) {
            return 0;
        }
        return 32 - Integer.numberOfLeadingZeros(minCapacity - 1) - MIN_SHIFT;
    }
}
