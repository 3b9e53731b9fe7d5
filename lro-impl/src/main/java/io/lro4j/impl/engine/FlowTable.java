package io.lro4j.impl.engine;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The active flows: an open-addressing hash table (linear probing, backward-shift deletion) of up to
 * {@code capacity} {@link FlowDescriptor}s, plus a list of the active ones in activation order, oldest
 * first, for {@code flushAll}, time-bound flushing and eviction.
 *
 * <p>inet_lro scanned an array of 8 descriptors linearly; a hash table keeps a lookup at one or two probes
 * however many flows are held (up to {@value io.lro4j.api.LroConfig#MAX_DESCRIPTORS}). The slot array is at
 * most half full. Descriptors are created on first use and then reused, so the steady state allocates
 * nothing.
 */
final class FlowTable {

    private final FlowDescriptor[] descriptors;
    /** Slot -> descriptor index + 1; 0 = empty. */
    private final int[] slots;
    /** Slot -> hash of the descriptor in it, checked before the descriptor is touched. */
    private final int[] slotHashes;
    private final int mask;
    private final int[] free;
    private int freeCount;
    private int created;
    private int active;
    private @Nullable FlowDescriptor oldest;
    private @Nullable FlowDescriptor newest;

    FlowTable(final int capacity) {
        descriptors = new FlowDescriptor[capacity];
        final int size = Integer.highestOneBit(Math.max(16, capacity * 2 - 1)) << 1;
        slots = new int[size];
        slotHashes = new int[size];
        mask = size - 1;
        free = new int[capacity];
    }

    /** @return the active descriptor of the segment's flow, or null */
    @Nullable FlowDescriptor find(final Segment s) {
        final int hash = s.hash;
        int i = hash & mask;
        int v;
        while ((v = slots[i]) != 0) {
            if (slotHashes[i] == hash) {
                final FlowDescriptor d = descriptors[v - 1];
                if (s.sameFlow(d)) {
                    return d;
                }
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /**
     * Activates a descriptor for the segment's flow (which must not be active).
     *
     * @return the descriptor, or null when all {@code capacity} descriptors are active
     */
    @Nullable FlowDescriptor activate(final Segment s, final long nowNanos) {
        final FlowDescriptor d;
        if (freeCount > 0) {
            d = descriptors[free[--freeCount]];
        } else if (created < descriptors.length) {
            d = new FlowDescriptor(created);
            descriptors[created++] = d;
        } else {
            return null;
        }
        d.copyKey(s);
        int i = s.hash & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = d.index + 1;
        slotHashes[i] = s.hash;
        d.slot = i;
        d.active = true;
        d.startNanos = nowNanos;
        d.older = newest;
        d.newer = null;
        if (newest != null) {
            newest.newer = d;
        } else {
            oldest = d;
        }
        newest = d;
        active++;
        return d;
    }

    /** Deactivates {@code d}: removes it from the table and the activation list. */
    void deactivate(final FlowDescriptor d) {
        removeSlot(d.slot);
        final FlowDescriptor o = d.older;
        final FlowDescriptor n = d.newer;
        if (o != null) {
            o.newer = n;
        } else {
            oldest = n;
        }
        if (n != null) {
            n.older = o;
        } else {
            newest = o;
        }
        d.older = null;
        d.newer = null;
        d.active = false;
        d.parent = null;
        free[freeCount++] = d.index;
        active--;
    }

    /** Backward-shift deletion: moves later entries of the probe run up so lookups need no tombstones. */
    private void removeSlot(final int slot) {
        int hole = slot;
        int j = slot;
        while (true) {
            j = (j + 1) & mask;
            final int v = slots[j];
            if (v == 0) {
                break;
            }
            final int home = slotHashes[j] & mask;
            // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
            final boolean stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stays) {
                slots[hole] = v;
                slotHashes[hole] = slotHashes[j];
                descriptors[v - 1].slot = hole;
                hole = j;
            }
        }
        slots[hole] = 0;
        slotHashes[hole] = 0;
    }

    /** @return the active descriptor activated longest ago, or null */
    @Nullable FlowDescriptor oldest() {
        return oldest;
    }

    /** @return the number of active descriptors */
    int active() {
        return active;
    }

    /** @return the capacity */
    int capacity() {
        return descriptors.length;
    }

    /** Checks the table's invariants; for tests. */
    boolean consistent() {
        int inSlots = 0;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != 0) {
                inSlots++;
                final FlowDescriptor d = descriptors[slots[i] - 1];
                if (d.slot != i || !d.active || slotHashes[i] != d.hash) {
                    return false;
                }
            }
        }
        int inList = 0;
        for (FlowDescriptor d = oldest; d != null; d = d.newer) {
            inList++;
        }
        final boolean[] seen = new boolean[descriptors.length];
        for (int k = 0; k < freeCount; k++) {
            if (seen[free[k]]) {
                return false;
            }
            seen[free[k]] = true;
        }
        return inSlots == active && inList == active && freeCount + active == created
                && Arrays.stream(slots).filter(v -> v != 0).distinct().count() == active;
    }
}
