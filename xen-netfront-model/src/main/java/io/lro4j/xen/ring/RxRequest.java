package io.lro4j.xen.ring;

import java.nio.ByteBuffer;

/**
 * Flyweight over an RX request ({@code netif_rx_request_t}, 8 bytes): an empty page offered to the backend.
 *
 * <pre>
 *   0               2               4                               8
 *  +---------------+---------------+-------------------------------+
 *  |      id       |      pad      |             gref              |
 *  +---------------+---------------+-------------------------------+
 * </pre>
 *
 * <p>{@code id} comes back in the response; {@code gref} grants the page to the backend.
 */
public final class RxRequest {

    /** Offset of {@code id}. */
    public static final int ID = 0;
    /** Offset of {@code gref}. */
    public static final int GREF = 4;

    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private int offset;

    /** Creates a view wrapping nothing yet. */
    public RxRequest() {
        // nothing to set up
    }

    /**
     * Points the view at a slot.
     *
     * @param ring little-endian ring page
     * @param slotOffset the slot's offset
     * @return this view
     */
    public RxRequest wrap(final ByteBuffer ring, final int slotOffset) {
        this.buffer = ring;
        this.offset = slotOffset;
        return this;
    }

    /** @return {@code id} */
    public int id() {
        return buffer.getShort(offset + ID) & 0xFFFF;
    }

    /** @return {@code gref} */
    public int gref() {
        return buffer.getInt(offset + GREF);
    }

    /**
     * Writes the request.
     *
     * @param id its id
     * @param gref the page's grant reference
     * @return this view
     */
    public RxRequest set(final int id, final int gref) {
        buffer.putShort(offset + ID, (short) id);
        buffer.putShort(offset + ID + 2, (short) 0);
        buffer.putInt(offset + GREF, gref);
        return this;
    }
}
