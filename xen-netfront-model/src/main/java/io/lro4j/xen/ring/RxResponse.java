package io.lro4j.xen.ring;

import java.nio.ByteBuffer;

/**
 * Flyweight over an RX response ({@code netif_rx_response_t}, 8 bytes), written over its request's slot.
 *
 * <pre>
 *   0               2               4               6               8
 *  +---------------+---------------+---------------+---------------+
 *  |      id       |    offset     |     flags     |    status     |
 *  +---------------+---------------+---------------+---------------+
 * </pre>
 *
 * <p>{@code offset} is where the data starts in the page, {@code flags} are {@code NETRXF_*}, and
 * {@code status} is the number of bytes in this slot or, if negative, a {@code NETIF_RSP_*} error.
 */
public final class RxResponse {

    /** Offset of {@code id}. */
    public static final int ID = 0;
    /** Offset of {@code offset}. */
    public static final int OFFSET = 2;
    /** Offset of {@code flags}. */
    public static final int FLAGS = 4;
    /** Offset of {@code status}. */
    public static final int STATUS = 6;

    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private int at;

    /** Creates a view wrapping nothing yet. */
    public RxResponse() {
        // nothing to set up
    }

    /**
     * Points the view at a slot.
     *
     * @param ring little-endian ring page
     * @param slotOffset the slot's offset
     * @return this view
     */
    public RxResponse wrap(final ByteBuffer ring, final int slotOffset) {
        this.buffer = ring;
        this.at = slotOffset;
        return this;
    }

    /** @return {@code id} */
    public int id() {
        return buffer.getShort(at + ID) & 0xFFFF;
    }

    /** @return {@code offset} */
    public int offset() {
        return buffer.getShort(at + OFFSET) & 0xFFFF;
    }

    /** @return {@code flags} */
    public int flags() {
        return buffer.getShort(at + FLAGS) & 0xFFFF;
    }

    /** @return {@code status}: bytes, or a negative error */
    public int status() {
        return buffer.getShort(at + STATUS);
    }

    /**
     * Writes the response.
     *
     * @param id the request's id
     * @param offset data offset in the page
     * @param flags {@code NETRXF_*}
     * @param status bytes or an error
     * @return this view
     */
    public RxResponse set(final int id, final int offset, final int flags, final int status) {
        buffer.putShort(at + ID, (short) id);
        buffer.putShort(at + OFFSET, (short) offset);
        buffer.putShort(at + FLAGS, (short) flags);
        buffer.putShort(at + STATUS, (short) status);
        return this;
    }

    /**
     * Adds flags.
     *
     * @param more {@code NETRXF_*} bits to set
     * @return this view
     */
    public RxResponse addFlags(final int more) {
        buffer.putShort(at + FLAGS, (short) (flags() | more));
        return this;
    }
}
