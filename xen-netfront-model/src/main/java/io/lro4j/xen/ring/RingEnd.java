package io.lro4j.xen.ring;

import java.nio.ByteBuffer;

/** What both ends of a shared ring have: the page, the slot size and the slot count, and index-to-slot mapping. */
abstract sealed class RingEnd permits FrontRing, BackRing {

    final ByteBuffer ring;
    private final int slotSize;
    private final int size;

    RingEnd(final ByteBuffer ring, final int slotSize) {
        this.ring = ring;
        this.slotSize = slotSize;
        this.size = SharedRing.size(slotSize);
    }

    /** @return {@code RING_SIZE} */
    public int size() {
        return size;
    }

    /** @return the page view */
    public ByteBuffer page() {
        return ring;
    }

    /**
     * @param index a free-running index
     * @return the byte offset of its slot ({@code RING_GET_REQUEST} / {@code RING_GET_RESPONSE})
     */
    public int slot(final int index) {
        return SharedRing.SLOTS + (index & (size - 1)) * slotSize;
    }
}
