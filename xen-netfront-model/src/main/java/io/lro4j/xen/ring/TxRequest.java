package io.lro4j.xen.ring;

import java.nio.ByteBuffer;

/**
 * Flyweight over a TX request ({@code netif_tx_request_t}, 12 bytes): a page of the guest's holding a packet
 * to send.
 *
 * <pre>
 *   0                               4               6               8              10              12
 *  +-------------------------------+---------------+---------------+---------------+---------------+
 *  |             gref              |    offset     |     flags     |      id       |     size      |
 *  +-------------------------------+---------------+---------------+---------------+---------------+
 * </pre>
 *
 * <p>In a packet's first request {@code size} is the whole packet's length; {@code flags} are {@code NETTXF_*}.
 */
public final class TxRequest {

    /** Offset of {@code gref}. */
    public static final int GREF = 0;
    /** Offset of {@code offset}. */
    public static final int OFFSET = 4;
    /** Offset of {@code flags}. */
    public static final int FLAGS = 6;
    /** Offset of {@code id}. */
    public static final int ID = 8;
    /** Offset of {@code size}. */
    public static final int SIZE = 10;

    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private int at;

    /** Creates a view wrapping nothing yet. */
    public TxRequest() {
        // nothing to set up
    }

    /**
     * Points the view at a slot.
     *
     * @param ring little-endian ring page
     * @param slotOffset the slot's offset
     * @return this view
     */
    public TxRequest wrap(final ByteBuffer ring, final int slotOffset) {
        this.buffer = ring;
        this.at = slotOffset;
        return this;
    }

    /** @return {@code gref} */
    public int gref() {
        return buffer.getInt(at + GREF);
    }

    /** @return {@code offset} */
    public int offset() {
        return buffer.getShort(at + OFFSET) & 0xFFFF;
    }

    /** @return {@code flags} */
    public int flags() {
        return buffer.getShort(at + FLAGS) & 0xFFFF;
    }

    /** @return {@code id} */
    public int id() {
        return buffer.getShort(at + ID) & 0xFFFF;
    }

    /** @return {@code size} */
    public int size() {
        return buffer.getShort(at + SIZE) & 0xFFFF;
    }

    /**
     * Writes the request.
     *
     * @param gref grant reference of the page
     * @param offset data offset in the page
     * @param flags {@code NETTXF_*}
     * @param id the request's id
     * @param size bytes
     * @return this view
     */
    public TxRequest set(final int gref, final int offset, final int flags, final int id, final int size) {
        buffer.putInt(at + GREF, gref);
        buffer.putShort(at + OFFSET, (short) offset);
        buffer.putShort(at + FLAGS, (short) flags);
        buffer.putShort(at + ID, (short) id);
        buffer.putShort(at + SIZE, (short) size);
        return this;
    }
}
