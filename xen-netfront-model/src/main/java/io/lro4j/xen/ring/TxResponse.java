package io.lro4j.xen.ring;

import java.nio.ByteBuffer;

/**
 * Flyweight over a TX response ({@code netif_tx_response_t}, 4 bytes), written over its request's slot.
 *
 * <pre>
 *   0               2               4
 *  +---------------+---------------+
 *  |      id       |    status     |
 *  +---------------+---------------+
 * </pre>
 */
public final class TxResponse {

    /** Offset of {@code id}. */
    public static final int ID = 0;
    /** Offset of {@code status}. */
    public static final int STATUS = 2;

    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private int at;

    /** Creates a view wrapping nothing yet. */
    public TxResponse() {
        // nothing to set up
    }

    /**
     * Points the view at a slot.
     *
     * @param ring little-endian ring page
     * @param slotOffset the slot's offset
     * @return this view
     */
    public TxResponse wrap(final ByteBuffer ring, final int slotOffset) {
        this.buffer = ring;
        this.at = slotOffset;
        return this;
    }

    /** @return {@code id} */
    public int id() {
        return buffer.getShort(at + ID) & 0xFFFF;
    }

    /** @return {@code status}: {@code NETIF_RSP_*} */
    public int status() {
        return buffer.getShort(at + STATUS);
    }

    /**
     * Writes the response.
     *
     * @param id the request's id
     * @param status {@code NETIF_RSP_*}
     * @return this view
     */
    public TxResponse set(final int id, final int status) {
        buffer.putShort(at + ID, (short) id);
        buffer.putShort(at + STATUS, (short) status);
        return this;
    }
}
