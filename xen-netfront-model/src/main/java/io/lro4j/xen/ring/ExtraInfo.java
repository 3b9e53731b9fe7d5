package io.lro4j.xen.ring;

import java.nio.ByteBuffer;

/**
 * Flyweight over an extra-info slot ({@code struct netif_extra_info}, 8 bytes); the GSO variant is the one
 * Xen 3.1 has.
 *
 * <pre>
 *   0       1       2               4       5       6               8
 *  +-------+-------+---------------+-------+-------+---------------+
 *  | type  | flags |   gso.size    |gso.typ|  pad  | gso.features  |
 *  +-------+-------+---------------+-------+-------+---------------+
 * </pre>
 *
 * <p>{@code gso.size} is the MSS, {@code gso.type} a {@code XEN_NETIF_GSO_TYPE_*}; {@code flags} bit 0 says
 * another extra slot follows.
 */
public final class ExtraInfo {

    /** Offset of {@code type}. */
    public static final int TYPE = 0;
    /** Offset of {@code flags}. */
    public static final int FLAGS = 1;
    /** Offset of {@code u.gso.size}. */
    public static final int GSO_SIZE = 2;
    /** Offset of {@code u.gso.type}. */
    public static final int GSO_TYPE = 4;
    /** Offset of {@code u.gso.pad}. */
    public static final int GSO_PAD = 5;
    /** Offset of {@code u.gso.features}. */
    public static final int GSO_FEATURES = 6;

    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private int at;

    /** Creates a view wrapping nothing yet. */
    public ExtraInfo() {
        // nothing to set up
    }

    /**
     * Points the view at a slot.
     *
     * @param ring little-endian ring page
     * @param slotOffset the slot's offset
     * @return this view
     */
    public ExtraInfo wrap(final ByteBuffer ring, final int slotOffset) {
        this.buffer = ring;
        this.at = slotOffset;
        return this;
    }

    /** @return {@code type} */
    public int type() {
        return buffer.get(at + TYPE) & 0xFF;
    }

    /** @return {@code flags} */
    public int flags() {
        return buffer.get(at + FLAGS) & 0xFF;
    }

    /** @return {@code u.gso.size} */
    public int gsoSize() {
        return buffer.getShort(at + GSO_SIZE) & 0xFFFF;
    }

    /** @return {@code u.gso.type} */
    public int gsoType() {
        return buffer.get(at + GSO_TYPE) & 0xFF;
    }

    /**
     * Writes a GSO extra with no further extras, as netback does.
     *
     * @param size the MSS
     * @param gsoType {@code XEN_NETIF_GSO_TYPE_*}
     * @return this view
     */
    public ExtraInfo setGso(final int size, final int gsoType) {
        buffer.put(at + TYPE, (byte) Netif.XEN_NETIF_EXTRA_TYPE_GSO);
        buffer.put(at + FLAGS, (byte) 0);
        buffer.putShort(at + GSO_SIZE, (short) size);
        buffer.put(at + GSO_TYPE, (byte) gsoType);
        buffer.put(at + GSO_PAD, (byte) 0);
        buffer.putShort(at + GSO_FEATURES, (short) 0);
        return this;
    }
}
